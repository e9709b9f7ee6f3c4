import { test } from "node:test";
import assert from "node:assert/strict";
import type { FrameMessage } from "../../main/electron/channels.ts";
import { FramePump, type FrameReader } from "../../main/electron/frame-pump.ts";

class FakeFrames implements FrameReader {
  changeCounter = 0;
  reads = 0;
  constructor(private readonly fill: number) {}
  read() {
    this.reads++;
    if (this.changeCounter === 0) return null;
    const pixels = new Uint8ClampedArray(2 * 1 * 4).fill(this.fill + this.changeCounter);
    return { changeCounter: this.changeCounter, width: 2, height: 1, pixels };
  }
}

function pump(readers: Map<string, FrameReader>): { pump: FramePump; sent: FrameMessage[] } {
  const sent: FrameMessage[] = [];
  // A long interval: the test drives poll() itself.
  return {
    pump: new FramePump(
      (id) => readers.get(id),
      (message) => sent.push(message),
      60_000,
    ),
    sent,
  };
}

test("sends the current picture at once, then only changed ones", () => {
  const frames = new FakeFrames(10);
  frames.changeCounter = 1;
  const { pump: p, sent } = pump(new Map([["m1", frames]]));
  p.watch("m1");
  assert.equal(sent.length, 1);
  assert.deepEqual(
    { ...sent[0], pixels: [...sent[0].pixels] },
    {
      id: "m1",
      width: 2,
      height: 1,
      changeCounter: 1,
      pixels: [11, 11, 11, 11, 11, 11, 11, 11],
    },
  );
  p.poll();
  p.poll();
  assert.equal(sent.length, 1, "an unchanged picture is not sent again");
  assert.equal(frames.reads, 1, "nor even copied");
  frames.changeCounter = 2;
  p.poll();
  assert.equal(sent.length, 2);
  assert.equal(sent[1].pixels[0], 12);
  p.stop();
});

test("a machine that is off sends nothing until it has a VM; a new VM's buffer is noticed", () => {
  const readers = new Map<string, FrameReader>();
  const { pump: p, sent } = pump(readers);
  p.watch("m1");
  p.poll();
  assert.equal(sent.length, 0);
  const first = new FakeFrames(0);
  first.changeCounter = 5;
  readers.set("m1", first);
  p.poll();
  assert.equal(sent.length, 1);
  // Power cycled: a new worker, a new buffer, its counter starting again (even at the same value).
  const second = new FakeFrames(100);
  second.changeCounter = 5;
  readers.set("m1", second);
  p.poll();
  assert.equal(sent.length, 2);
  assert.equal(sent[1].pixels[0], 105);
  p.stop();
});

test("unwatched machines are no longer sent", () => {
  const a = new FakeFrames(0);
  const b = new FakeFrames(0);
  a.changeCounter = b.changeCounter = 1;
  const { pump: p, sent } = pump(
    new Map([
      ["a", a],
      ["b", b],
    ]),
  );
  p.watch("a");
  p.watch("b");
  p.unwatch("a");
  a.changeCounter = b.changeCounter = 2;
  p.poll();
  assert.deepEqual(
    sent.map((message) => `${message.id}${message.changeCounter}`),
    ["a1", "b1", "b2"],
  );
  p.stop();
});
