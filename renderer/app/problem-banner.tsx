/** A problem in plain words, with what to do, and a way to dismiss it. */
import type { Problem } from "../host-api.ts";

export function ProblemBanner({ problem, onDismiss }: { problem: Problem; onDismiss: () => void }) {
  return (
    <div className="problem" role="alert" data-testid="problem">
      <div>
        <strong data-testid="problem-message">{problem.message}</strong>
        <span className="problem-hint" data-testid="problem-hint">
          {problem.hint}
        </span>
      </div>
      <button type="button" className="ghost" onClick={onDismiss} data-testid="problem-dismiss" aria-label="Dismiss">
        ✕
      </button>
    </div>
  );
}

/** The Problem inside an error from the host (HostError carries one), or the error's own words. */
export function problemFrom(error: unknown): Problem {
  if (error && typeof error === "object" && "problem" in error) return (error as { problem: Problem }).problem;
  const message = error instanceof Error ? error.message : String(error);
  return { message, hint: "Try again." };
}
