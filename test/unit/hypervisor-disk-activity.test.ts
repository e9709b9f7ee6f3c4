/**
 * `disk` events: our BIOS boots from A:, so reading the boot sector through the diskette controller must show as a
 * read of A:; nothing writes, and no other drive is touched. Events are limited to one per drive and operation per
 * 100 ms of wall time, so a boot's many sectors arrive as a few events, not one per sector.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hypervisor } from "../../main/hypervisor/hypervisor.ts";

const FLOPPY_BYTES = 1_474_560;

let dir: string;
let floppy: string;
let workerUrl: URL;
let hv: Hypervisor;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "realmode-hv-disk-"));
  const bundle = (await import(String(new URL("../../main/cli/bundle.mjs", import.meta.url)))) as {
    build(name: string): Promise<string>;
  };
  workerUrl = new URL(await bundle.build("vm-worker"));
  // A boot sector that prints "BOOTED" through INT 10h and spins.
  const image = new Uint8Array(FLOPPY_BYTES);
  const message = [..."BOOTED"].map((c) => c.charCodeAt(0));
  // prettier-ignore
  const code = [
    0xe8, 0x00, 0x00, //       call here
    0x5e,             // here: pop si          ; where "here" is, whatever CS the BIOS used
    0x83, 0xc6, 0x13, //       add si,msg-here
    0x0e,             //       push cs
    0x1f,             //       pop ds
    0xb4, 0x0e,       // next: mov ah,0Eh
    0xac,             //       lodsb
    0x84, 0xc0,       //       test al,al
    0x74, 0x04,       //       jz spin
    0xcd, 0x10,       //       int 10h
    0xeb, 0xf5,       //       jmp next
    0xeb, 0xfe,       // spin: jmp spin
  ];
  image.set(code, 0);
  image.set([...message, 0], code.length);
  image[510] = 0x55;
  image[511] = 0xaa;
  floppy = join(dir, "boot.img");
  writeFileSync(floppy, image);
  hv = new Hypervisor({ workerUrl });
});

after(async () => {
  await hv.close();
  rmSync(dir, { recursive: true, force: true });
});

test("booting from A: posts disk read events for A: and nothing else", async () => {
  const id = await hv.create({ profile: "xt", floppies: [{ path: floppy, mode: "read-only" }], deterministic: true });
  const events: { drive: string; operation: string }[] = [];
  hv.on("disk", (event) => {
    if (event.id === id) events.push({ drive: event.drive, operation: event.operation });
  });
  await hv.start(id, { paused: true });
  assert.equal(await hv.advanceUntilText(id, /BOOTED/, 30_000), true, await hv.screenText(id));
  assert.ok(events.length >= 1, "at least one event");
  for (const event of events) assert.deepEqual(event, { drive: "A", operation: "read" });
});
