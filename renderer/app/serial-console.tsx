/** COM1 as a terminal (xterm.js): the guest's bytes are written to it, and what the user types goes to the guest. */
import { Terminal } from "@xterm/xterm";
import { useEffect, useRef } from "react";
import type { HostApi } from "../host-api.ts";

export function SerialConsole({
  host,
  id,
  onProblem,
}: {
  host: HostApi;
  id: string;
  onProblem: (error: unknown) => void;
}) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const terminal = new Terminal({ convertEol: false, fontSize: 13, rows: 12, cursorBlink: true });
    terminal.open(element.current);
    const encoder = new TextEncoder();
    const typed = terminal.onData((text) => host.serialSend(id, encoder.encode(text)).catch(onProblem));
    const off = host.on("serial", (event) => {
      if (event.id === id) terminal.write(event.bytes);
    });
    return () => {
      off();
      typed.dispose();
      terminal.dispose();
    };
  }, [host, id, onProblem]);
  return <div className="serial-console" ref={element} data-testid="serial-console" />;
}
