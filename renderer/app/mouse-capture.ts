/**
 * The guest's mouse from the screen canvas. A click captures the mouse: with Pointer Lock where the browser grants
 * it (the host pointer disappears and motion is unbounded), otherwise ("pointer" mode, e.g. headless browsers) the
 * pointer's motion over the canvas. While captured, motion and buttons go to the guest; the capturing click itself
 * does not. Ctrl+F10 (as DOSBox uses: no DOS program of note needs it) or Esc releases the mouse, as does leaving
 * the canvas's focus or the window; the browser's own Pointer Lock exit (Esc) releases it too.
 *
 * Motion is scaled from CSS pixels to monitor dots (the canvas's own size), so a sweep across the picture moves the
 * guest's pointer about across its screen with a DOS driver's default 8 mickeys per 8 pixels. Input is sent at most
 * once per animation frame: the motion summed since the last send, and the buttons held now.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { MAX_MOUSE_DELTA, MOUSE_LEFT, MOUSE_MIDDLE, MOUSE_RIGHT, type HostApi } from "../host-api.ts";

export type CaptureMode = "off" | "locked" | "pointer";

/** MouseEvent.button (0 main, 1 auxiliary, 2 secondary) to mouseInput's bits. */
const BUTTON_BITS = [MOUSE_LEFT, MOUSE_MIDDLE, MOUSE_RIGHT];

export interface MouseCapture {
  readonly mode: CaptureMode;
  /** Canvas handlers: pass every mouse event of the canvas here. */
  onMouseDown(event: MouseEvent): boolean;
  onMouseUp(event: MouseEvent): void;
  onMouseMove(event: MouseEvent): void;
  /** A key pressed on the canvas: true when it was the release key (then it is not the guest's). */
  onKeyDown(event: KeyboardEvent): boolean;
  release(): void;
}

export function useMouseCapture(
  host: HostApi,
  id: string,
  canvas: RefObject<HTMLCanvasElement | null>,
  enabled: boolean,
  onProblem: (error: unknown) => void,
): MouseCapture {
  const [mode, setMode] = useState<CaptureMode>("off");
  const modeRef = useRef<CaptureMode>("off");
  const pending = useRef({ dx: 0, dy: 0, buttons: 0, sentButtons: 0, lastX: NaN, lastY: NaN, frame: 0 });

  const setCapture = useCallback((next: CaptureMode) => {
    modeRef.current = next;
    setMode(next);
  }, []);

  const latest = useRef({ host, id, onProblem });
  latest.current = { host, id, onProblem };
  // One sender for the component's life: it reads the current host and machine when it sends.
  const [schedule] = useState(() => {
    const send = () => {
      const state = pending.current;
      state.frame = 0;
      const dx = clamp(Math.trunc(state.dx));
      const dy = clamp(Math.trunc(state.dy));
      if (dx === 0 && dy === 0 && state.buttons === state.sentButtons) return;
      // Fractions of a count stay for the next frame, so slow motion still adds up.
      state.dx -= dx;
      state.dy -= dy;
      state.sentButtons = state.buttons;
      const { host: target, id: machine, onProblem: report } = latest.current;
      target.mouseInput(machine, dx, dy, state.buttons).catch(report);
      if (Math.abs(state.dx) >= 1 || Math.abs(state.dy) >= 1) next();
    };
    const next = () => {
      if (pending.current.frame === 0) pending.current.frame = requestAnimationFrame(send);
    };
    return next;
  });

  const release = useCallback(() => {
    if (modeRef.current === "off") return;
    setCapture("off");
    if (document.pointerLockElement === canvas.current) document.exitPointerLock();
    const state = pending.current;
    state.buttons = 0;
    state.lastX = state.lastY = NaN;
    schedule();
  }, [canvas, schedule, setCapture]);

  useEffect(() => {
    const onLockChange = () => {
      if (document.pointerLockElement === canvas.current && canvas.current) setCapture("locked");
      else if (modeRef.current === "locked") release();
    };
    document.addEventListener("pointerlockchange", onLockChange);
    window.addEventListener("blur", release);
    return () => {
      document.removeEventListener("pointerlockchange", onLockChange);
      window.removeEventListener("blur", release);
    };
  }, [canvas, release, setCapture]);

  useEffect(() => {
    if (!enabled) release();
  }, [enabled, release]);

  useEffect(
    () => () => {
      const frame = pending.current.frame;
      if (frame !== 0) cancelAnimationFrame(frame);
    },
    [],
  );

  const capture = () => {
    const element = canvas.current;
    if (!element) return;
    setCapture("pointer");
    const state = pending.current;
    state.lastX = state.lastY = NaN;
    state.dx = state.dy = 0;
    // Browsers that refuse the lock (no user activation, headless) leave the capture in pointer mode.
    try {
      const request = element.requestPointerLock() as unknown as Promise<void> | undefined;
      request?.catch(() => undefined);
    } catch {
      // Pointer mode it is.
    }
  };

  return {
    mode,
    onMouseDown(event) {
      if (!enabled) return false;
      if (modeRef.current === "off") {
        capture();
        return true;
      }
      pending.current.buttons |= BUTTON_BITS[event.button] ?? 0;
      schedule();
      return true;
    },
    onMouseUp(event) {
      if (modeRef.current === "off") return;
      pending.current.buttons &= ~(BUTTON_BITS[event.button] ?? 0);
      schedule();
    },
    onMouseMove(event) {
      const element = canvas.current;
      if (modeRef.current === "off" || !element) return;
      const state = pending.current;
      // MouseEvent.buttons has mouseInput's layout (1 left, 2 right, 4 middle): a press or release the page missed
      // (it happened over another window) is put right by the next motion.
      state.buttons = event.buttons & 7;
      let moveX = event.movementX;
      let moveY = event.movementY;
      if (modeRef.current === "pointer") {
        // movementX is not given for every synthetic or remote event; the position's change always is.
        moveX = Number.isNaN(state.lastX) ? 0 : event.clientX - state.lastX;
        moveY = Number.isNaN(state.lastY) ? 0 : event.clientY - state.lastY;
        state.lastX = event.clientX;
        state.lastY = event.clientY;
      }
      state.dx += (moveX * element.width) / Math.max(1, element.clientWidth);
      state.dy += (moveY * element.height) / Math.max(1, element.clientHeight);
      schedule();
    },
    onKeyDown(event) {
      if (modeRef.current === "off") return false;
      if ((event.code === "F10" && event.ctrlKey) || event.code === "Escape") {
        release();
        return true;
      }
      return false;
    },
    release,
  };
}

function clamp(value: number): number {
  return Math.max(-MAX_MOUSE_DELTA, Math.min(MAX_MOUSE_DELTA, value));
}
