/**
 * The hypervisor running FreeDOS from the shared test data on our BIOS: a diskette swapped while DOS runs is seen
 * by DOS, a snapshot taken in the middle of booting (FDC, DMA, PIT, PIC all busy) continues bit for bit, and ten VMs
 * boot at once.
 */
import { before, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { Hypervisor } from "../../main/hypervisor/hypervisor.ts";
import { testData } from "../support/testdata.ts";

const PROMPT = /A:\\>/;
/** Machine-time limit for a boot (seconds of the VM's own time, not the wall clock). */
const BOOT_MS = 60_000;

let workerUrl: URL;
let hv: Hypervisor;
before(async () => {
  const bundle = (await import(String(new URL("../../main/cli/bundle.mjs", import.meta.url)))) as {
    build(name: string): Promise<string>;
  };
  workerUrl = new URL(await bundle.build("vm-worker"));
});

/** Each test gets its own hypervisor, closed (every VM destroyed) however the test ends. */
function openHypervisor(t: TestContext): void {
  const own = new Hypervisor({ workerUrl });
  hv = own;
  t.after(() => own.close());
}

function image(size: string): string | undefined {
  return testData(`images/freedos/freedos.boot.disk.${size}.img`);
}

async function freeBytes(id: number, drive: string): Promise<string> {
  await hv.type(id, `cls\rdir ${drive}:\r`);
  assert.ok(await hv.waitForText(id, /bytes free/, 10_000), await hv.screenText(id));
  const match = /([\d,.]+) bytes free/.exec(await hv.screenText(id));
  assert.ok(match);
  return match[1];
}

test("a diskette swapped in B: while DOS runs is seen by DOS", async (t) => {
  const boot = image("1.4MB");
  const small = image("360K");
  const other = image("720K");
  if (!boot || !small || !other) return t.skip("shared test data missing");
  openHypervisor(t);
  const id = await hv.create({
    profile: "at",
    speed: "max",
    floppies: [
      { path: boot, mode: "overlay" },
      { path: small, mode: "read-only" },
    ],
  });
  await hv.start(id);
  assert.ok(await hv.waitForText(id, PROMPT, BOOT_MS), await hv.screenText(id));
  const before = await freeBytes(id, "b");
  await hv.mount(id, "B", { path: other, mode: "read-only" });
  await hv.waitMs(id, 3000);
  const afterSwap = await freeBytes(id, "b");
  assert.notEqual(afterSwap, before, "DOS read the new diskette's FAT, not its cached one");
  await hv.eject(id, "B");
  await hv.destroy(id);
});

test("a snapshot taken mid-boot continues bit for bit, and the restored VM boots to the prompt", async (t) => {
  const boot = image("360K");
  if (!boot) return t.skip("shared test data missing");
  openHypervisor(t);
  const id = await hv.create({
    profile: "xt",
    deterministic: true,
    speed: "max",
    floppies: [{ path: boot, mode: "overlay" }],
  });
  await hv.advance(id, 1500);
  const snapshot = await hv.saveSnapshot(id);
  await hv.advance(id, 2500);
  const expected = await hv.machineState(id);
  const copy = await hv.restore(snapshot, { speed: "max" });
  await hv.advance(copy, 2500);
  assert.deepEqual(await hv.machineState(copy), expected);
  await hv.resume(copy);
  assert.ok(await hv.waitForText(copy, PROMPT, BOOT_MS), await hv.screenText(copy));
  await hv.type(copy, "ver /r\r");
  assert.ok(await hv.waitForText(copy, /FreeDOS kernel version/, 10_000));
  await hv.destroy(copy);
  await hv.destroy(id);
});

test("ten VMs boot FreeDOS at once", async (t) => {
  const sizes = ["160K", "360K", "720K", "1200K", "1.4MB"];
  const paths = sizes.map(image);
  if (paths.some((path) => !path)) return t.skip("shared test data missing");
  openHypervisor(t);
  const ids = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      hv.create({
        profile: i % 2 === 0 ? "xt" : "at",
        speed: "max",
        // Headless: nobody looks at these frames, and rendering ten VGA frames 60 times a second costs half a core.
        frameRateHz: 0,
        floppies: [{ path: paths[i % paths.length]!, mode: "overlay" }],
      }),
    ),
  );
  await Promise.all(ids.map((id) => hv.start(id)));
  const booted = await Promise.all(ids.map((id) => hv.waitForText(id, PROMPT, BOOT_MS)));
  assert.deepEqual(booted, Array(10).fill(true));
  assert.deepEqual(
    hv.list().map((vm) => vm.state),
    Array(10).fill("running"),
  );
  await Promise.all(ids.map((id) => hv.destroy(id)));
});
