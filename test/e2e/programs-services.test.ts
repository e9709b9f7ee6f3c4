/**
 * The other BIOS services (issue 3: "cover each BIOS service"): test/fixtures/programs/services.asm calls INT 10h
 * AH=13h, INT 14h on COM2, INT 15h AH=86h/88h, INT 16h AH=05h, INT 17h on LPT1 and INT 1Ah AH=01h; the test is the
 * other end of COM2 and LPT1. And INT 19h/18h with nothing to boot.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DiskImage } from "../../emulator/disk/disk-image.ts";
import { MemoryBlockStore } from "../../emulator/disk/block-store.ts";
import { DriveSlot } from "../../emulator/disk/drive-slot.ts";
import { Machine } from "../../emulator/machine.ts";
import { MachineSession } from "../../emulator/session.ts";
import { loadRom, loadVideoRom } from "../../main/rom-file.ts";
import {
  floppyFormat,
  floppyWithProgram,
  PROGRAM_EPOCH_MS,
  programBinary,
  ProgramRun,
} from "../support/program-runner.ts";

interface ServicesRun {
  readonly run: ProgramRun;
  readonly com2: number[];
  readonly printed: number[];
}

const runs = new Map<string, ServicesRun>();

/** One run per machine serves the tests below; the test answers COM2 with 'Q' once the program has sent. */
function servicesRun(profile: "xt" | "at"): ServicesRun {
  let result = runs.get(profile);
  if (!result) {
    const run = new ProgramRun({
      profile,
      floppy: floppyWithProgram(programBinary("services"), floppyFormat("1.44M")),
    });
    const com2: number[] = [];
    const printed: number[] = [];
    run.machine.com2.onTransmit = (byte) => com2.push(byte);
    run.machine.lpt1.onOutput = (byte) => printed.push(byte);
    assert.ok(run.runUntil(/^COM2 SEND/, 10_000), `no COM2 SEND:\n${run.lines.join("\n")}`);
    run.machine.com2.receive(new Uint8Array([0x51]));
    assert.ok(run.runUntil(/^SWAP$/, 20_000), `no SWAP:\n${run.lines.join("\n")}`);
    const slot = run.machine.floppyDrives[0].slot;
    slot.eject();
    run.session.runMs(100);
    const second = floppyWithProgram(programBinary("services"), floppyFormat("1.44M"));
    slot.insert(DiskImage.open("second.img", new MemoryBlockStore(second), "floppy", "read-write"));
    run.session.type(" ");
    run.finish(20_000);
    result = { run, com2, printed };
    runs.set(profile, result);
  }
  return result;
}

/**
 * BIOS bug (bios/src/serial.asm, serial_wait): the line-status bits to wait for come in AH, but the timeout is
 * computed with `mov al, bl / mov cl, 18 / mul cl`, which overwrites AH with 0; `test al, ah` then never succeeds,
 * so INT 14h AH=01h and AH=02h always time out after 40:7C seconds (AH bit 7 set) and AH=01h never sends the byte.
 * Found with this program: "COM2 SEND E0" and nothing on COM2.
 */

for (const profile of ["xt", "at"] as const) {
  test(`INT 10h AH=13h writes a string with an attribute (${profile})`, () => {
    const { run } = servicesRun(profile);
    const rows = run.session.screenText().split("\n");
    assert.equal(rows[3], "     STRING");
    assert.equal(rows[4], "Go");
    assert.equal(run.value("STRING CURSOR"), "04 02");
    // Attribute 2Fh (white on green) in the string's cells, as the BIOS wrote it to video memory.
    const textPage = 0xb8000 + 3 * 160 + 5 * 2;
    assert.equal(run.machine.memory.read8(textPage + 1), 0x2f);
    assert.equal(run.machine.memory.read8(textPage), "S".charCodeAt(0));
  });

  test(`INT 14h sends and receives on COM2 (${profile})`, () => {
    const { run, com2 } = servicesRun(profile);
    assert.equal(run.value("COM2 INIT"), "60 00");
    assert.equal(run.hex("COM2 SEND") & 0x80, 0, `line status ${run.value("COM2 SEND")}: timed out`);
    assert.deepEqual(com2, [0x5a]);
    assert.match(run.value("COM2 RECV"), /^0[0-9A-F] 51$/);
  });

  test(`INT 17h prints on LPT1 (${profile})`, () => {
    const { run, printed } = servicesRun(profile);
    assert.equal(run.value("LPT INIT"), "90");
    // After the strobe: no timeout (bit 0), no I/O error (bit 3), paper present (bit 5), selected (bit 4).
    assert.equal(run.hex("LPT PRINT") & 0x39, 0x10);
    assert.deepEqual(printed, [0x50]);
  });

  test(`INT 16h AH=05h, INT 1Ah AH=01h, INT 15h AH=86h and AH=88h (${profile})`, () => {
    const { run } = servicesRun(profile);
    assert.equal(run.value("STORED"), "00 00 KEY 1234");
    const [high, low] = run.value("TICKSET").split(" ");
    assert.equal(high, "0000");
    assert.ok(parseInt(low, 16) >= 1000 && parseInt(low, 16) <= 1002, `ticks after setting 1000: ${low}`);
    const waited = Number(run.value("WAIT TICKS"));
    assert.ok(waited === 18 || waited === 19, `ticks during a 1 s INT 15h wait: ${waited}`);
    // RBIL INT 15h/88h: the AT reports its extended memory (none here); the XT has no such function (CF, 86h).
    assert.match(run.value("EXTMEM"), profile === "at" ? /^00 0000$/ : /^01 86/);
  });

  test(`INT 13h AH=16h sees a diskette change (${profile})`, () => {
    const { run } = servicesRun(profile);
    // RBIL INT 13h/16h: 06h = changed (or no change line, on the XT: always "may have changed").
    assert.equal(run.value("CHANGED"), "01 06");
    if (profile === "at") {
      // The first read after a change reports it (status 06h), as the AT BIOS does; the next one works, and the
      // seek it made cleared the line.
      assert.equal(run.value("REREAD"), "01 06");
      assert.equal(run.value("READ"), "00 00");
      assert.equal(run.value("SETTLED"), "00 00");
    } else {
      assert.equal(run.value("READ"), "00 00");
      assert.equal(run.value("SETTLED"), "01 06");
    }
  });

  test(`with nothing to boot, INT 18h says so (${profile})`, () => {
    const machine = new Machine({
      profile,
      rom: loadRom(undefined, { machine: profile, bootOrder: ["a", "c"], floppyDrives: ["1.44M"], hardDisks: 0 }),
      video: "vga",
      videoRom: loadVideoRom(),
      floppyDrives: [{ slot: new DriveSlot(), type: "1.44M" }],
      rtcTime: { kind: "fixed", startEpochMs: PROGRAM_EPOCH_MS },
    });
    const session = new MachineSession(machine);
    assert.ok(session.waitForText(/No bootable disk/, 10_000), session.screenText());
    assert.match(session.screenText(), /Booting from floppy\.\.\. failed/);
  });
}
