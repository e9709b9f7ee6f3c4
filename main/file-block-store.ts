/**
 * A disk image file as the emulator's BlockStore. This is the one path by which guest writes reach a user's file:
 * each write is a positioned write of whole sectors followed by fdatasync, so writes land in order and survive a
 * crash of the app. An image opened read-only is opened without write access at all.
 */
import { closeSync, fdatasyncSync, fstatSync, openSync, readSync, writeSync } from "node:fs";
import type { BlockStore } from "../emulator/disk/block-store.ts";
import { DiskImageError } from "../emulator/disk/disk-image-error.ts";

export class FileBlockStore implements BlockStore {
  readonly size: number;
  /** The open file descriptor (-1 once closed): a host that loses the thread using this store can still close it. */
  fd: number;

  private constructor(
    readonly path: string,
    fd: number,
    private readonly writable: boolean,
  ) {
    this.fd = fd;
    this.size = fstatSync(fd).size;
  }

  /** Opens `path`; a missing or unreadable file is a DiskImageError naming it. */
  static open(path: string, writable: boolean): FileBlockStore {
    let fd: number;
    try {
      fd = openSync(path, writable ? "r+" : "r");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason =
        code === "ENOENT" ? "no such file" : code === "EACCES" || code === "EPERM" ? "permission denied" : code;
      throw new DiskImageError(`${path}: cannot open the image (${reason ?? String(error)})`);
    }
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      closeSync(fd);
      throw new DiskImageError(`${path}: not a regular file`);
    }
    return new FileBlockStore(path, fd, writable);
  }

  read(offset: number, length: number): Uint8Array {
    const buffer = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const count = readSync(this.fd, buffer, done, length - done, offset + done);
      if (count === 0) throw new Error(`${this.path}: unexpected end of file at byte ${offset + done}`);
      done += count;
    }
    return buffer;
  }

  write(offset: number, data: Uint8Array): void {
    if (!this.writable) throw new Error(`${this.path}: opened read-only`);
    let done = 0;
    while (done < data.length) done += writeSync(this.fd, data, done, data.length - done, offset + done);
    fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
