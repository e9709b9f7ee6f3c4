/**
 * A whole PC: the one place where the CPU, memory, I/O bus, scheduler and chips are created and wired together,
 * for the two profiles Realmode offers — `xt` (IBM PC/XT: 8088, one 8259A, 8253, 8255 PPI keyboard, 8237 DMA,
 * floppy controller) and `at` (IBM PC/AT: 80286, two cascaded 8259As, 8254, 8042, MC146818 RTC/CMOS, A20 gate, both
 * DMA controllers, floppy and ATA controllers). Both have a VGA or a CGA (`videoFor`), COM1/COM2 and LPT1, and a
 * mouse as configured (a PS/2 mouse on the AT's 8042, or a Microsoft serial mouse on COM1/COM2).
 *
 * Time: the scheduler counts virtual nanoseconds; the CPU's clocks advance it at the configured clock rate. The
 * machine runs the CPU in slices that end at the next scheduled event, and brings virtual time up to the CPU's
 * position before each port access, so a device sees the time of the instruction that touches it.
 */
import { Cpu, type CpuModel } from "./cpu/cpu.ts";
import type { Device, DeviceState } from "./device.ts";
import { DmaController } from "./devices/dma.ts";
import { FloppyController, type FloppyDriveType } from "./devices/floppy-controller.ts";
import { AtaController } from "./devices/ata.ts";
import { CgaAdapter } from "./devices/cga.ts";
import { KeyboardController } from "./devices/keyboard-controller.ts";
import { ParallelPort } from "./devices/parallel-port.ts";
import { PcSpeaker } from "./devices/pc-speaker.ts";
import { PicPair } from "./devices/pic.ts";
import { Ps2Mouse } from "./devices/ps2-mouse.ts";
import { ProgrammableIntervalTimer } from "./devices/pit.ts";
import { ProgrammablePeripheralInterface, switchByte } from "./devices/ppi.ts";
import { RealTimeClock, type TimeSource } from "./devices/rtc.ts";
import { SerialMouse } from "./devices/serial-mouse.ts";
import { SystemControlPortA } from "./devices/system-control-port-a.ts";
import { Uart16550 } from "./devices/uart.ts";
import { VgaAdapter } from "./devices/vga.ts";
import type { DiskImage } from "./disk/disk-image.ts";
import { DriveSlot } from "./disk/drive-slot.ts";
import { IoBus } from "./io-bus.ts";
import { Memory, PAGE_SIZE, type MemoryMappedDevice } from "./memory.ts";
import { Scheduler } from "./scheduler.ts";
import type { VideoDisplay } from "./video/display.ts";

export type MachineProfile = "xt" | "at";

/** The display adapter: an IBM VGA (with a video ROM for INT 10h) or an IBM CGA (no ROM of its own). */
export type VideoAdapterKind = "vga" | "cga";

export type { FloppyDriveType };

/** Where the mouse is plugged in: the 8042's auxiliary port (AT only), a Microsoft serial mouse on COM1/COM2, or none. */
export type MouseAttachment = "none" | "ps2" | "com1" | "com2";

/** A disk drive the machine reports transfers for (`Machine.onDiskActivity`): diskettes A:/B:, fixed disks C:/D:. */
export type DiskActivityDrive = "A" | "B" | "C" | "D";
export type DiskOperation = "read" | "write";

export interface MachineFloppyDrive {
  readonly slot: DriveSlot;
  readonly type: FloppyDriveType;
}

/** The drive that natively reads an image: 40-track images (160K–360K) need a 360K drive, the rest their own. */
export function driveTypeForImage(image: DiskImage): FloppyDriveType {
  const { cylinders, sectorsPerTrack } = image.geometry;
  if (cylinders <= 40) return "360K";
  if (sectorsPerTrack <= 9) return "720K";
  if (sectorsPerTrack <= 15) return "1.2M";
  return sectorsPerTrack <= 18 ? "1.44M" : "2.88M";
}

export interface MachineConfig {
  readonly profile: MachineProfile;
  /** Default: 8088 on the XT, 80286 on the AT. */
  readonly cpu?: CpuModel;
  /** Conventional memory in KB, a multiple of 16 from 64 to 640. Default 640. */
  readonly memoryKb?: number;
  /** CPU clock. Default 4.77 MHz (14.31818 MHz / 3) on the XT, 8 MHz on the AT. */
  readonly clockHz?: number;
  /** The system ROM: 64 KB mapped at F0000h, or a smaller image ending at FFFFFh (an 8 KB XT BIOS at FE000h). */
  readonly rom: Uint8Array;
  /**
   * The VGA card's ROM (its video BIOS), mapped at C0000h as on a real card, where the system BIOS's option-ROM
   * scan finds it: whole 4 KB pages, at most 32 KB. Without one, nothing sets up the VGA or provides INT 10h.
   */
  readonly videoRom?: Uint8Array;
  /** The display adapter. Default: the profile's (`videoFor`). A CGA has no video ROM, so `videoRom` must be absent. */
  readonly video?: VideoAdapterKind;
  /** Floppy drives A: and B: (a drive with no disk is an empty slot). Default: two empty 1.44M drives. */
  readonly floppyDrives?: readonly MachineFloppyDrive[];
  /** Hard disks C: and D: on the ATA channel (AT only). */
  readonly hardDisks?: readonly DiskImage[];
  /** Where the RTC gets its time: host time, or a fixed start advanced by virtual time (deterministic runs). */
  readonly rtcTime?: TimeSource;
  /** The mouse. Default: "ps2" on the AT, "none" on the XT (which has no 8042, so "ps2" is refused there). */
  readonly mouse?: MouseAttachment;
}

/** The XT's 14.31818 MHz crystal divided by 3 (IBM PC/XT Technical Reference, "System Board"). */
export const XT_CLOCK_HZ = 14_318_180 / 3;
export const AT_CLOCK_HZ = 8_000_000;

/** A VGA card decodes its ROM at C0000h-C7FFFh (IBM VGA Technical Reference; the AT's video ROM range). */
const VIDEO_ROM_ADDRESS = 0xc0000;
const VIDEO_ROM_MAX_SIZE = 0x8000;

/** Bytes above conventional memory and below the video window read as FFh: nothing drives the bus there. */
const OPEN_BUS: MemoryMappedDevice = { name: "open bus", read8: () => 0xff, write8: () => {} };

export class Machine {
  readonly profile: MachineProfile;
  readonly memory = new Memory();
  readonly io = new IoBus();
  readonly scheduler = new Scheduler();
  readonly cpu: Cpu;
  /** The CPU clock rate; virtual time advances by one period per CPU clock. */
  get clockHz(): number {
    return 1e9 / this.nsPerCycle;
  }
  readonly pics: PicPair;
  readonly pit: ProgrammableIntervalTimer;
  readonly dma: DmaController;
  readonly floppy: FloppyController;
  readonly floppyDrives: readonly MachineFloppyDrive[];
  /** The display adapter the machine has, for frames and screen text whichever it is. */
  readonly display: VideoDisplay;
  /** The CGA, on a machine configured with `video: "cga"`. */
  readonly cga: CgaAdapter | null = null;
  private readonly vgaAdapter: VgaAdapter | null = null;
  readonly com1: Uart16550;
  readonly com2: Uart16550;
  readonly lpt1: ParallelPort;
  /** The system board speaker (PIT channel 2 AND port 61h bit 1); its samples come out of `speaker.stream`. */
  readonly speaker: PcSpeaker;
  /** XT only. */
  readonly ppi: ProgrammablePeripheralInterface | null = null;
  /** AT only. */
  readonly keyboardController: KeyboardController | null = null;
  readonly rtc: RealTimeClock | null = null;
  readonly ata: AtaController | null = null;
  readonly mouse: MouseAttachment;
  /** The PS/2 mouse, with `mouse: "ps2"`; the serial mouse, with "com1" or "com2". */
  readonly ps2Mouse: Ps2Mouse | null = null;
  readonly serialMouse: SerialMouse | null = null;
  /**
   * Called for each sector a diskette or fixed-disk controller transfers (the host's drive lights). Per sector, in
   * the emulation's hot path: keep it cheap.
   */
  onDiskActivity: ((drive: DiskActivityDrive, operation: DiskOperation) => void) | undefined;
  /** Every chip, in the order they are reset and saved. */
  readonly devices: readonly Device[];

  /** The VGA; a machine with a CGA has none, and asking for it is a programming error. */
  get vga(): VgaAdapter {
    if (!this.vgaAdapter) throw new Error("this machine has a CGA, not a VGA (use machine.display or machine.cga)");
    return this.vgaAdapter;
  }

  private nsPerCycle: number;
  private readonly rom: Uint8Array;
  private readonly videoRom: Uint8Array | null;
  private readonly memoryKb: number;
  /** Virtual time and CPU clock count where the current slice began, to place port accesses inside it. */
  private sliceStartTime = 0;
  private sliceStartCycles = 0;
  private sliceEndTime = 0;
  private a20Keyboard = false;
  private a20Fast = false;

  constructor(config: MachineConfig) {
    this.profile = config.profile;
    const at = config.profile === "at";
    this.memoryKb = config.memoryKb ?? 640;
    if (this.memoryKb % 16 !== 0 || this.memoryKb < 64 || this.memoryKb > 640) {
      throw new RangeError(`memory must be a multiple of 16 KB from 64 to 640 KB, not ${this.memoryKb} KB`);
    }
    this.nsPerCycle = 1e9 / (config.clockHz ?? (at ? AT_CLOCK_HZ : XT_CLOCK_HZ));
    this.rom = checkRom(config.rom);
    this.videoRom = checkVideoRom(config.videoRom);
    const video = videoFor(config.profile, config.video);
    if (video === "cga" && this.videoRom) throw new Error("a CGA has no video ROM; leave videoRom out");
    this.cpu = new Cpu(config.cpu ?? (at ? "80286" : "8088"), this.memory, this.io);
    // Between iterations of a long REP the timers catch up and their interrupts are taken, as on the chip.
    this.cpu.interruptibleRepeats = true;
    this.mouse = mouseFor(config.profile, config.mouse);

    const { scheduler, memory, cpu } = this;
    const pics = (this.pics = new PicPair(cpu, at));
    cpu.interruptController = pics;
    this.pit = new ProgrammableIntervalTimer(scheduler, pics, at ? "8254" : "8253");
    this.dma = new DmaController(memory, { at });
    this.floppyDrives = config.floppyDrives ?? [0, 1].map(() => ({ slot: new DriveSlot(), type: "1.44M" as const }));
    if (this.floppyDrives.length > 2) throw new RangeError("a PC has at most two diskette drives here (A: and B:)");
    const drives = this.floppyDrives;
    // A high-density drive on the XT implies an adapter that can select its data rate, and so decodes 3F7h.
    const highDensity = this.floppyDrives.some(({ type }) => type === "1.2M" || type === "1.44M" || type === "2.88M");
    this.floppy = new FloppyController({ scheduler, interrupts: pics, dma: this.dma, drives, at, highDensity });
    this.floppy.onActivity = (drive, operation) => this.onDiskActivity?.(drive === 0 ? "A" : "B", operation);
    if (video === "cga") this.display = this.cga = new CgaAdapter(scheduler);
    else this.display = this.vgaAdapter = new VgaAdapter(scheduler);
    this.com1 = new Uart16550(scheduler, pics, "COM1");
    this.com2 = new Uart16550(scheduler, pics, "COM2");
    this.lpt1 = new ParallelPort(scheduler, pics, { base: 0x378, irq: 7 });
    const speaker = (this.speaker = new PcSpeaker(scheduler));
    this.pit.setOutputListener(2, (_channel, level, now) => speaker.timerOutput(level, now));
    const onSpeakerData = (on: boolean, now: number) => speaker.speakerData(on, now);
    const devices: Device[] = [...pics.devices, this.pit, this.dma, this.floppy, this.display, this.com1, this.com2];
    devices.push(this.lpt1, speaker);
    if (this.mouse === "com1" || this.mouse === "com2") {
      this.serialMouse = new SerialMouse(scheduler, this.mouse === "com1" ? this.com1 : this.com2);
      devices.push(this.serialMouse);
    }

    if (at) {
      // The system board decodes the 286's shutdown cycle (a HALT bus cycle with A1 low) into a CPU reset, as it does
      // the 8042's reset line (IBM PC/AT Technical Reference, system board logic); the BIOS then reads the CMOS
      // shutdown byte to see why.
      cpu.onShutdown = () => cpu.reset();
      this.keyboardController = new KeyboardController(scheduler, pics, this.pit, {
        onA20: (on) => this.setA20((this.a20Keyboard = on) || this.a20Fast),
        onReset: () => cpu.reset(),
        onSpeakerData,
        inputPort: 0xb0,
      });
      const port92 = new SystemControlPortA({
        onA20: (on) => this.setA20((this.a20Fast = on) || this.a20Keyboard),
        onReset: () => cpu.reset(),
      });
      this.rtc = new RealTimeClock(scheduler, pics, config.rtcTime ?? { kind: "fixed", startEpochMs: 0 });
      const hardDisks = config.hardDisks ?? [];
      if (hardDisks.length > 0) {
        this.ata = new AtaController({ scheduler, interrupts: pics, master: hardDisks[0], slave: hardDisks[1] });
        this.ata.onActivity = (device, operation) => this.onDiskActivity?.(device === 0 ? "C" : "D", operation);
        devices.push(this.ata);
      }
      devices.push(this.keyboardController, port92, this.rtc);
      if (this.mouse === "ps2") {
        this.ps2Mouse = new Ps2Mouse(scheduler, this.keyboardController);
        this.keyboardController.attachAux(this.ps2Mouse);
        devices.push(this.ps2Mouse);
      }
    } else {
      if (config.hardDisks?.length) throw new Error("the xt machine has no hard-disk controller; use --machine at");
      this.ppi = new ProgrammablePeripheralInterface(scheduler, pics, this.pit, {
        switches: switchByte({
          floppyDrives: Math.max(1, this.floppyDrives.length),
          display: video === "cga" ? "cga80" : "ega",
          memoryBanks: 4,
          fpu: false,
        }),
        onSpeakerData,
      });
      devices.push(this.ppi);
    }
    this.devices = devices;
    for (const device of devices) for (const port of device.ports) this.io.register(port);
    this.io.beforeAccess = () => this.syncTime();
    this.io.afterWrite = () => this.checkSliceEnd();
    this.mapMemory();
    if (this.rtc) this.configureCmos(this.rtc);
    this.cpu.reset();
  }

  /** Power cycle: every chip, memory and the CPU back to their power-on state. */
  powerCycle(): void {
    this.memory.bytes.fill(0);
    this.mapMemory();
    for (const device of this.devices) device.reset();
    this.a20Keyboard = this.a20Fast = false;
    this.setA20(false);
    if (this.rtc) this.configureCmos(this.rtc);
    this.cpu.reset();
  }

  /** Runs the machine for `duration` virtual nanoseconds. */
  runFor(duration: number): void {
    const scheduler = this.scheduler;
    const end = scheduler.now + duration;
    while (scheduler.now < end) {
      const sliceEnd = Math.min(scheduler.nextDue(), end);
      this.sliceStartTime = scheduler.now;
      this.sliceStartCycles = this.cpu.cycles;
      this.sliceEndTime = sliceEnd;
      const budget = Math.max(1, Math.ceil((sliceEnd - scheduler.now) / this.nsPerCycle));
      // A halted CPU returns at once (or after waking for an interrupt and halting again) ...
      const used = this.cpu.run(budget);
      // ... and then nothing happens until the next event, which may raise the interrupt that wakes it.
      scheduler.advanceTo(this.cpu.halted ? sliceEnd : this.sliceStartTime + used * this.nsPerCycle);
    }
  }

  /** Changes the CPU clock rate from the next slice on (the turbo switch); chips keep their own time bases. */
  setClockHz(hz: number): void {
    if (!(hz > 0)) throw new RangeError(`a clock rate must be positive, not ${hz}`);
    this.nsPerCycle = 1e9 / hz;
  }

  /** Key press and release by name (scancodes.ts), through whichever keyboard interface the profile has. */
  keyDown(name: string): void {
    (this.ppi ?? this.keyboardController)!.keyDown(name);
  }
  keyUp(name: string): void {
    (this.ppi ?? this.keyboardController)!.keyUp(name);
  }

  /**
   * Mouse motion in counts since the last call (dx right, dy down positive, as on the host's screen) and the buttons
   * held (bit 0 left, bit 1 right, bit 2 middle). With no mouse attached it goes nowhere.
   */
  mouseInput(dx: number, dy: number, buttons: number): void {
    (this.ps2Mouse ?? this.serialMouse)?.input(dx, dy, buttons);
  }

  /** The whole machine's state: CPU, RAM, every chip and virtual time. Disk contents are saved by their owner. */
  saveState(): MachineState {
    const devices: Record<string, DeviceState> = {};
    for (const device of this.devices) devices[device.name] = device.saveState();
    return {
      profile: this.profile,
      time: this.scheduler.now,
      cpu: this.cpu.saveState(),
      ram: this.memory.bytes.slice(),
      a20: [this.a20Keyboard, this.a20Fast],
      devices,
    };
  }

  loadState(state: MachineState): void {
    if (state.profile !== this.profile) throw new Error(`state is of an ${state.profile} machine, not ${this.profile}`);
    for (const device of this.devices) {
      const saved = state.devices[device.name];
      if (!saved) throw new Error(`state has no ${device.name}`);
    }
    this.scheduler.now = state.time;
    this.memory.bytes.set(state.ram);
    [this.a20Keyboard, this.a20Fast] = state.a20;
    for (const device of this.devices) device.loadState(state.devices[device.name]);
    this.cpu.loadState(state.cpu);
  }

  private setA20(on: boolean): void {
    // Real mode reaches at most 10FFEFh, so bit 20 is the only line A20 gating changes.
    this.cpu.addressMask = on && this.cpu.is286 ? 0x1fffff : 0xfffff;
  }

  private syncTime(): void {
    const now = this.sliceStartTime + (this.cpu.cycles - this.sliceStartCycles) * this.nsPerCycle;
    if (now > this.scheduler.now) this.scheduler.advanceTo(Math.min(now, this.sliceEndTime));
  }

  /** A port write may have scheduled an event before the slice's end: stop the CPU so it fires on time. */
  private checkSliceEnd(): void {
    if (this.scheduler.nextDue() < this.sliceEndTime) this.cpu.stop();
  }

  private mapMemory(): void {
    const memory = this.memory;
    const top = this.memoryKb * 1024;
    memory.mapRam(0, top);
    if (top < 0xa0000) memory.mapDevice(top, 0xa0000 - top, OPEN_BUS);
    if (this.vgaAdapter) memory.mapDevice(0xa0000, 0x20000, this.vgaAdapter);
    else if (this.cga) {
      // The CGA decodes only B8000h-BFFFFh; A0000h-B7FFFh is an undriven bus.
      memory.mapDevice(0xa0000, this.cga.memoryStart - 0xa0000, OPEN_BUS);
      memory.mapDevice(this.cga.memoryStart, this.cga.memoryLength, this.cga);
    }
    const romStart = 0x100000 - this.rom.length;
    const videoRomEnd = VIDEO_ROM_ADDRESS + (this.videoRom?.length ?? 0);
    if (this.videoRom) memory.mapRom(VIDEO_ROM_ADDRESS, this.videoRom);
    if (romStart > videoRomEnd) memory.mapDevice(videoRomEnd, romStart - videoRomEnd, OPEN_BUS);
    memory.mapRom(romStart, this.rom);
    // The HMA (100000h–10FFEFh) is RAM on the AT, reached with A20 on; the XT's bus has no A20 line at all.
    if (this.profile === "at") memory.mapRam(0x100000, 0x10000);
  }

  private configureCmos(rtc: RealTimeClock): void {
    rtc.writeAtConfiguration({
      floppyDrives: [cmosDriveType(this.floppyDrives[0]), cmosDriveType(this.floppyDrives[1])],
      hardDiskTypes: [0, 0],
      display: this.cga ? "cga-80" : "ega-vga",
      mathCoprocessor: false,
      baseMemoryKb: this.memoryKb,
      extendedMemoryKb: 0,
    });
  }
}

export interface MachineState {
  readonly profile: MachineProfile;
  readonly time: number;
  readonly cpu: ReturnType<Cpu["saveState"]>;
  readonly ram: Uint8Array;
  readonly a20: [boolean, boolean];
  readonly devices: Readonly<Record<string, DeviceState>>;
}

/** The mouse a profile gets: the one asked for, else "ps2" on the AT and "none" on the XT, which has no 8042. */
export function mouseFor(profile: MachineProfile, mouse: MouseAttachment | undefined): MouseAttachment {
  const attachment = mouse ?? (profile === "at" ? "ps2" : "none");
  if (!["none", "ps2", "com1", "com2"].includes(attachment)) {
    throw new Error(`a mouse is none, ps2, com1 or com2, not ${JSON.stringify(attachment)}`);
  }
  if (profile === "xt" && attachment === "ps2") {
    throw new Error("the xt machine has no 8042 keyboard controller for a PS/2 mouse: use a serial mouse (com1/com2)");
  }
  return attachment;
}

/**
 * The display adapter each profile gets when none is asked for: the hypervisor, the CLI and the app's host take their
 * default from here (the renderer, which cannot bundle the emulator, repeats it in renderer/host-api.ts defaultVideo;
 * test/unit/hypervisor-video.test.ts fails until both say the same). The XT gets the CGA it shipped with, the AT
 * the VGA most AT-class machines ended up with.
 */
const DEFAULT_VIDEO: Readonly<Record<MachineProfile, VideoAdapterKind>> = { xt: "cga", at: "vga" };

/** The display adapter a profile gets: the one asked for (either fits either profile), else the profile's default. */
export function videoFor(profile: MachineProfile, video: VideoAdapterKind | undefined): VideoAdapterKind {
  const adapter = video ?? DEFAULT_VIDEO[profile];
  if (adapter !== "vga" && adapter !== "cga") {
    throw new Error(`a display adapter is vga or cga, not ${JSON.stringify(adapter)}`);
  }
  return adapter;
}

/** CMOS byte 10h knows drive types up to 1.44M (IBM AT Technical Reference); a 2.88M drive reads 1.44M disks too. */
function cmosDriveType(drive: MachineFloppyDrive | undefined): "none" | "360K" | "720K" | "1.2M" | "1.44M" {
  if (!drive) return "none";
  return drive.type === "2.88M" ? "1.44M" : drive.type;
}

function checkVideoRom(rom: Uint8Array | undefined): Uint8Array | null {
  if (rom === undefined) return null;
  if (rom.length === 0 || rom.length > VIDEO_ROM_MAX_SIZE || rom.length % PAGE_SIZE !== 0) {
    throw new RangeError(`a video ROM is 4 KB to 32 KB in whole 4 KB pages, not ${rom.length} bytes`);
  }
  return rom;
}

function checkRom(rom: Uint8Array): Uint8Array {
  if (rom.length === 0 || rom.length > 0x10000 || rom.length % PAGE_SIZE !== 0) {
    throw new RangeError(`a system ROM is 4 KB to 64 KB in whole 4 KB pages, not ${rom.length} bytes`);
  }
  return rom;
}
