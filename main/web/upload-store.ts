/**
 * Images uploaded through the web host: each request body is streamed into a new file in a temporary folder that
 * only this host writes, and refused past a size limit. An upload becomes a drive's image only through its random
 * handle, so a browser can never name a host path.
 */
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProblemError } from "./problem.ts";

/** 64 MB: more than any diskette and the hard disks of the era; a bigger body is refused while it streams. */
export const DEFAULT_UPLOAD_LIMIT = 64 * 1024 * 1024;

export class UploadTooLarge extends ProblemError {}

export class UploadStore {
  readonly folder = mkdtempSync(join(tmpdir(), "realmode-uploads-"));
  private readonly uploads = new Map<string, string>();
  private count = 0;

  constructor(readonly limitBytes = DEFAULT_UPLOAD_LIMIT) {}

  /** Streams the request body to a new file; resolves with the upload's handle. */
  receive(request: IncomingMessage): Promise<string> {
    const declared = Number(request.headers["content-length"] ?? 0);
    if (declared > this.limitBytes) return Promise.reject(this.tooLarge());
    const handle = crypto.randomUUID();
    const path = join(this.folder, `${++this.count}.img`);
    const file = createWriteStream(path, { flags: "wx" });
    let received = 0;
    return new Promise((resolve, reject) => {
      const fail = (error: Error): void => {
        request.unpipe(file);
        file.destroy();
        rmSync(path, { force: true });
        reject(error);
      };
      request.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > this.limitBytes) {
          request.destroy();
          fail(this.tooLarge());
        }
      });
      request.on("error", fail);
      file.on("error", fail);
      file.on("finish", () => {
        this.uploads.set(handle, path);
        resolve(handle);
      });
      request.pipe(file);
    });
  }

  /** The file of an upload, or undefined for a handle this store never gave. */
  path(handle: unknown): string | undefined {
    return typeof handle === "string" ? this.uploads.get(handle) : undefined;
  }

  close(): void {
    rmSync(this.folder, { recursive: true, force: true });
  }

  private tooLarge(): UploadTooLarge {
    const mb = Math.round(this.limitBytes / (1024 * 1024));
    return new UploadTooLarge(`The image is larger than ${mb} MB.`, `Use an image of at most ${mb} MB.`);
  }
}
