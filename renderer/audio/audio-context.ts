/**
 * The page's one AudioContext, shared by every machine's player. Browsers start a context suspended until the user
 * interacts with the page (autoplay policy), so the first click or key press anywhere resumes it.
 *
 * The context is asked for the speaker's own rate (48 kHz): the browser then converts to the device's rate with its
 * own resampler. Where a browser refuses a chosen rate the context runs at the device's and the players resample.
 */
const PREFERRED_RATE = 48_000;

let shared: AudioContext | null = null;

export function audioContext(): AudioContext {
  if (shared) return shared;
  try {
    shared = new AudioContext({ latencyHint: "interactive", sampleRate: PREFERRED_RATE });
  } catch {
    shared = new AudioContext({ latencyHint: "interactive" });
  }
  const context = shared;
  const resume = () => {
    if (context.state === "suspended") void context.resume().catch(() => undefined);
  };
  // Capture phase, so a handler that stops propagation (the screen's keys) still counts as the gesture.
  for (const name of ["pointerdown", "keydown"]) window.addEventListener(name, resume, { capture: true });
  return context;
}
