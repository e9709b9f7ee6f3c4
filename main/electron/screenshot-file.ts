/**
 * Where File > Screenshot puts its PNG: a "Realmode" folder in the user's Pictures folder, one file per shot named
 * after the machine and the local time, so shots sort by time and never overwrite each other within a second.
 */
import { join } from "node:path";

export function screenshotPath(picturesFolder: string, machineName: string, at: Date): string {
  // Characters Windows refuses in file names, and control characters, become "_".
  const safe = machineName.replace(/[<>:"/\\|?*\p{Cc}]/gu, "_").trim() || "Machine";
  const pad = (n: number): string => String(n).padStart(2, "0");
  const date = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  const time = `${pad(at.getHours())}.${pad(at.getMinutes())}.${pad(at.getSeconds())}`;
  return join(picturesFolder, "Realmode", `${safe} ${date} ${time}.png`);
}
