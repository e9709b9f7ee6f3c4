/**
 * The machine's screen: a canvas the size of the emulated frame, drawn from each picture the host sends, shown at
 * 4:3 (screen-size.ts). While it has focus it captures the keyboard: physical keys (keymap.ts) go to the guest
 * as presses and releases, and every held key is released when focus leaves, so no key sticks down in the guest.
 * A machine with a mouse gets it from the canvas too (mouse-capture.ts: a click captures, Ctrl+F10 or Esc releases).
 */
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { HostApi } from "../host-api.ts";
import { keyNameForCode } from "../keymap.ts";
import { useMouseCapture } from "./mouse-capture.ts";
import { displaySize, type DisplaySize } from "./screen-size.ts";

export function Screen(props: {
  host: HostApi;
  id: string;
  running: boolean;
  /** The machine runs and has a mouse: clicks capture it. */
  mouse: boolean;
  label: string;
  onProblem: (error: unknown) => void;
}) {
  const { host, id, onProblem } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const held = useRef(new Set<string>());
  const [frameSize, setFrameSize] = useState<{ width: number; height: number } | null>(null);
  const [size, setSize] = useState<DisplaySize | null>(null);
  const [focused, setFocused] = useState(false);
  const capture = useMouseCapture(host, id, canvas, props.mouse, onProblem);

  useEffect(() => {
    let image: ImageData | null = null;
    return host.subscribeFrames(id, (frame) => {
      const element = canvas.current;
      const context = element?.getContext("2d");
      if (!element || !context) return;
      if (element.width !== frame.width || element.height !== frame.height || !image) {
        element.width = frame.width;
        element.height = frame.height;
        image = context.createImageData(frame.width, frame.height);
        setFrameSize({ width: frame.width, height: frame.height });
      }
      image.data.set(frame.pixels);
      context.putImageData(image, 0, 0);
      element.dataset.changeCounter = String(frame.changeCounter);
    });
  }, [host, id]);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => {
      const width = frameSize?.width ?? 720;
      setSize(displaySize(width, element.clientWidth, element.clientHeight));
    };
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    measure();
    return () => observer.disconnect();
  }, [frameSize]);

  const releaseAll = () => {
    for (const key of held.current) host.keyUp(id, key).catch(() => undefined);
    held.current.clear();
  };
  useEffect(() => releaseAll, []);

  const onKey = (event: KeyboardEvent, down: boolean) => {
    if (down && capture.onKeyDown(event.nativeEvent)) {
      event.preventDefault();
      return;
    }
    const key = keyNameForCode(event.code);
    if (!key) return;
    event.preventDefault();
    if (down) {
      // Typematic repeat is the guest keyboard's job (its BIOS repeats held keys), so browser repeats are dropped.
      if (held.current.has(key)) return;
      held.current.add(key);
      host.keyDown(id, key).catch(onProblem);
    } else if (held.current.delete(key)) {
      host.keyUp(id, key).catch(onProblem);
    }
  };

  return (
    <div className="screen-box" ref={box} data-testid="screen-box" data-mouse={capture.mode}>
      <canvas
        ref={canvas}
        className={`screen ${size && size.scale >= 2 ? "sharp" : ""} ${capture.mode !== "off" ? "captured" : ""}`}
        style={size ? { width: size.width, height: size.height } : undefined}
        tabIndex={0}
        aria-label={`Screen of ${props.label}. Focus it to type into the machine.`}
        data-testid="screen"
        onKeyDown={(event) => onKey(event, true)}
        onKeyUp={(event) => onKey(event, false)}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          releaseAll();
          capture.release();
        }}
        onMouseDown={(event) => {
          event.currentTarget.focus();
          if (capture.onMouseDown(event.nativeEvent)) event.preventDefault();
        }}
        onMouseUp={(event) => capture.onMouseUp(event.nativeEvent)}
        onMouseMove={(event) => capture.onMouseMove(event.nativeEvent)}
        onContextMenu={(event) => {
          if (props.mouse) event.preventDefault();
        }}
      />
      {!frameSize && (
        <div className="screen-placeholder" data-testid="screen-off">
          {props.running ? "Starting…" : "The machine is off"}
        </div>
      )}
      {frameSize && props.running && capture.mode !== "off" && (
        <div className="screen-hint captured" data-testid="mouse-hint">
          Mouse captured · <kbd>Ctrl+F10</kbd> or <kbd>Esc</kbd> releases it
        </div>
      )}
      {frameSize && props.running && capture.mode === "off" && (!focused || props.mouse) && (
        <div className="screen-hint">
          {props.mouse ? "Click the screen to type and capture the mouse" : "Click the screen to type"}
        </div>
      )}
    </div>
  );
}
