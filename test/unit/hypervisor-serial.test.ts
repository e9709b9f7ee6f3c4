/**
 * COM1 between the host and a VM created with `serial: true`: bytes sent with serialInput arrive in the guest's
 * UART, and what the guest transmits comes back as `serial` events. The guest is a tiny ROM of our own (mapped at
 * FE000h, entered from the reset vector) that echoes: it polls the line status register (3FDh) for Data Ready
 * (bit 0), reads the receiver buffer (3F8h), waits for Transmitter Holding Register Empty (bit 5) and writes the byte
 * back (PC16550D datasheet, Line Status Register). The UART runs at its power-on divisor, untouched by the guest.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hypervisor } from "../../main/hypervisor/hypervisor.ts";

const ROM_BYTES = 0x2000;
/** F000:F000 is linear FF000h, offset 1000h into an 8 KB ROM at FE000h; the reset vector is at offset 1FF0h. */
const CODE_OFFSET = 0x1000;
const RESET_VECTOR = [0xea, 0x00, 0xf0, 0x00, 0xf0]; // JMP FAR F000:F000

// prettier-ignore
const ECHO = [
  0xba, 0xfd, 0x03, //       mov dx,3FDh      ; LSR
  0xec,             // wait: in al,dx
  0xa8, 0x01,       //       test al,1        ; Data Ready
  0x74, 0xfb,       //       jz wait
  0xba, 0xf8, 0x03, //       mov dx,3F8h      ; RBR
  0xec,             //       in al,dx
  0x88, 0xc4,       //       mov ah,al
  0xba, 0xfd, 0x03, //       mov dx,3FDh
  0xec,             // thre: in al,dx
  0xa8, 0x20,       //       test al,20h      ; THR empty
  0x74, 0xfb,       //       jz thre
  0x88, 0xe0,       //       mov al,ah
  0xba, 0xf8, 0x03, //       mov dx,3F8h      ; THR
  0xee,             //       out dx,al
  0xeb, 0xe2,       //       jmp 0            ; back to mov dx,3FDh
];

let dir: string;
let rom: string;
let workerUrl: URL;
const hypervisors: Hypervisor[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "realmode-hv-serial-"));
  // The worker runs from its esbuild bundle, as in hypervisor-lifecycle.test.ts.
  const bundle = (await import(String(new URL("../../main/cli/bundle.mjs", import.meta.url)))) as {
    build(name: string): Promise<string>;
  };
  workerUrl = new URL(await bundle.build("vm-worker"));
  const image = new Uint8Array(ROM_BYTES);
  image.set(ECHO, CODE_OFFSET);
  image.set(RESET_VECTOR, 0x1ff0);
  rom = join(dir, "echo.rom");
  writeFileSync(rom, image);
});

after(async () => {
  await Promise.all(hypervisors.map((hv) => hv.close()));
  rmSync(dir, { recursive: true, force: true });
});

test("serialInput reaches the guest's COM1 and its echo comes back as serial events", async () => {
  const hv = new Hypervisor({ workerUrl });
  hypervisors.push(hv);
  const id = await hv.create({ profile: "xt", bios: rom, serial: true, deterministic: true });
  const received: number[] = [];
  hv.on("serial", (event) => {
    if (event.id === id) received.push(...event.bytes);
  });
  await hv.start(id, { paused: true });
  await hv.advance(id, 5);
  assert.deepEqual(received, [], "the guest sends nothing unprompted");
  await hv.serialInput(id, new TextEncoder().encode("hi"));
  // At the power-on divisor (9600 baud, about 1 ms a character) two characters in and out take a few ms.
  await hv.advance(id, 20);
  assert.equal(new TextDecoder().decode(Uint8Array.from(received)), "hi");
  await hv.serialInput(id, Uint8Array.of(0x00, 0xff, 0x0d));
  await hv.advance(id, 20);
  assert.deepEqual(received.slice(2), [0x00, 0xff, 0x0d], "every byte value passes unchanged");
});

test("serialInput is refused for a VM that does not exist", async () => {
  const hv = new Hypervisor({ workerUrl });
  hypervisors.push(hv);
  await assert.rejects(hv.serialInput(42, Uint8Array.of(0x41)), /no VM/);
});
