/**
 * Virtual time and the timed events of a machine. Devices never poll: a device asks to be called back at a virtual
 * time, and the machine runs the CPU in slices that end at the next due event.
 *
 * Time is counted in virtual nanoseconds (a float64, exact for integers up to 2^53 ns, about 104 days). The machine
 * advances it from the CPU's cycle count at the configured clock rate, so in deterministic mode every run of the same
 * program sees exactly the same times.
 */

export class TimedEvent {
  /** Virtual time at which the event is due; Infinity while it is not scheduled. */
  due = Infinity;
  constructor(
    readonly name: string,
    readonly fire: (now: number) => void,
  ) {}
}

export class Scheduler {
  /** The current virtual time in nanoseconds. */
  now = 0;
  private readonly events: TimedEvent[] = [];

  /** Makes an event known to the scheduler; a device does this once for each event it owns. */
  add(event: TimedEvent): TimedEvent {
    this.events.push(event);
    return event;
  }

  /** Schedules (or reschedules) `event` at absolute virtual time `at`. */
  schedule(event: TimedEvent, at: number): void {
    event.due = at;
  }

  /** Schedules `event` `delay` nanoseconds from now. */
  scheduleIn(event: TimedEvent, delay: number): void {
    event.due = this.now + delay;
  }

  cancel(event: TimedEvent): void {
    event.due = Infinity;
  }

  /** The virtual time of the earliest scheduled event, or Infinity. */
  nextDue(): number {
    let next = Infinity;
    for (const event of this.events) if (event.due < next) next = event.due;
    return next;
  }

  /**
   * Advances virtual time to `time`, firing every event due on the way in time order. An event fired at t sees
   * `now === t` and may schedule further events, which fire in this same call if they fall before `time`.
   */
  advanceTo(time: number): void {
    for (;;) {
      let first: TimedEvent | undefined;
      for (const event of this.events) if (event.due <= time && (!first || event.due < first.due)) first = event;
      if (!first) break;
      this.now = first.due;
      first.due = Infinity;
      first.fire(this.now);
    }
    if (time > this.now) this.now = time;
  }
}
