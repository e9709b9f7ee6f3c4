/**
 * Errors as the user reads them: what went wrong and what to do. A ProblemError carries both; problemOf turns any
 * other error (an image the worker refused, a lifecycle rule) into a Problem with a hint.
 */
import type { Problem } from "../../renderer/host-api.ts";

export class ProblemError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }

  get problem(): Problem {
    return { message: this.message, hint: this.hint };
  }
}

export function problemOf(error: unknown): Problem {
  if (error instanceof ProblemError) return error.problem;
  const message = error instanceof Error ? error.message : String(error);
  if (/image|sector|floppy|cannot open/i.test(message)) {
    return { message: `A disk image could not be used: ${message}.`, hint: "Eject it and insert a raw disk image." };
  }
  if (/cannot .* \(only when/.test(message)) {
    return { message: `That is not possible now: ${message}.`, hint: "Wait for the machine to finish what it does." };
  }
  return { message: `Something went wrong: ${message}.`, hint: "Try again; if it persists, power the machine off." };
}
