/** The renderer's entry: finds the host (Electron preload or web host) and mounts the app. */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "@xterm/xterm/css/xterm.css";
import "./styles.css";
import { App } from "./app/app.tsx";
import { NoHost } from "./app/no-host.tsx";
import { connectHost } from "./host.ts";

const host = connectHost();
createRoot(document.getElementById("root")!).render(<StrictMode>{host ? <App host={host} /> : <NoHost />}</StrictMode>);
