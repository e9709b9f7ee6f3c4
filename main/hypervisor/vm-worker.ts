/**
 * The entry point of a VM's worker thread (bundled to dist/vm-worker.mjs by main/cli/bundle.mjs: the emulator must
 * run from a bundle, not through a TypeScript loader). Builds the VmHost from `workerData`, answers each command
 * with one reply carrying its request id, and forwards the host's events. The heartbeat timer only runs when the
 * event loop is free, which is exactly what the hypervisor's watchdog needs to know.
 */
import { parentPort, workerData } from "node:worker_threads";
import { SharedFrameBuffer } from "./frame-buffer.ts";
import { MESSAGE, type Request, type WorkerEvent, type WorkerInit } from "./protocol.ts";
import { VmHost } from "./vm-host.ts";
import { VmStatus } from "./vm-status.ts";

const HEARTBEAT_MS = 100;
const STATS_MS = 1000;

const port = parentPort!;
const init = workerData as WorkerInit;
const status = new VmStatus(init.status);

function post(event: WorkerEvent, transfer: ArrayBuffer[] = []): void {
  port.postMessage(event, transfer);
}

let host: VmHost | undefined;
try {
  host = VmHost.create(init.config, init.snapshot, status, new SharedFrameBuffer(init.frame), {
    halted: (csip) => post({ type: MESSAGE.halted, csip }),
    stats: (stats) => post({ type: MESSAGE.stats, stats }),
    fault: (reason, csip, instructions) => post({ type: MESSAGE.fault, reason, csip, instructions }),
    serial: (bytes) => post({ type: MESSAGE.serial, bytes }, [bytes.buffer as ArrayBuffer]),
    printer: (bytes) => post({ type: MESSAGE.printer, bytes }, [bytes.buffer as ArrayBuffer]),
    audio: (samples) => post({ type: MESSAGE.audio, samples }, [samples.buffer as ArrayBuffer]),
    disk: (drive, operation) => post({ type: MESSAGE.disk, drive, operation }),
  });
} catch (error) {
  post({ type: MESSAGE.initFailed, error: error instanceof Error ? error.message : String(error) });
}

if (host) {
  const vm = host;
  const heartbeat = setInterval(() => vm.heartbeat(), HEARTBEAT_MS);
  const stats = setInterval(() => vm.reportStats(), STATS_MS);
  port.on("message", (request: Request) => {
    void handle(vm, request).then(
      (value) => {
        const transfer = value instanceof Uint8Array ? [value.buffer as ArrayBuffer] : [];
        post({ type: MESSAGE.reply, requestId: request.requestId, ok: true, value }, transfer);
        if (request.type === MESSAGE.shutdown) {
          clearInterval(heartbeat);
          clearInterval(stats);
          port.close();
        }
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        post({ type: MESSAGE.reply, requestId: request.requestId, ok: false, error: message });
      },
    );
  });
  post({ type: MESSAGE.ready, serialAvailable: vm.serialAvailable });
}

async function handle(vm: VmHost, request: Request): Promise<unknown> {
  switch (request.type) {
    case MESSAGE.start:
      return vm.start(request.paused);
    case MESSAGE.pause:
      return vm.pause();
    case MESSAGE.resume:
      return vm.resume();
    case MESSAGE.reset:
      return vm.reset(request.kind);
    case MESSAGE.powerOff:
      return vm.powerOff();
    case MESSAGE.mount:
      return vm.mount(request.drive, request.media);
    case MESSAGE.eject:
      return vm.eject(request.drive);
    case MESSAGE.key:
      return vm.key(request.name, request.down);
    case MESSAGE.type:
      await vm.type(request.text);
      return undefined;
    case MESSAGE.serialInput:
      return vm.serialInput(request.bytes);
    case MESSAGE.mouseInput:
      return vm.mouseInput(request.dx, request.dy, request.buttons);
    case MESSAGE.screenText:
      return vm.screenText();
    case MESSAGE.screenshot:
      return vm.screenshot({ aspect: request.aspect });
    case MESSAGE.setSpeed:
      return vm.setSpeed(request.speed);
    case MESSAGE.setShare:
      return vm.setShare(request.share);
    case MESSAGE.setFrameRate:
      return vm.setFrameRate(request.hz);
    case MESSAGE.waitForText:
      return vm.waitForText(request.source, request.flags, request.limitMs);
    case MESSAGE.waitMs:
      await vm.waitMs(request.ms);
      return undefined;
    case MESSAGE.advance:
      return vm.advance(request.ms, request.source, request.flags);
    case MESSAGE.saveSnapshot:
      return vm.saveSnapshot();
    case MESSAGE.loadSnapshot:
      return vm.loadSnapshot(request.bytes);
    case MESSAGE.machineState:
      return vm.machineState();
    case MESSAGE.shutdown:
      return vm.shutdown();
  }
}
