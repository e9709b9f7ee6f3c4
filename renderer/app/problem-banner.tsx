/** A problem in plain words, with what to do, and a way to dismiss it. */
import type { Problem } from "../host-api.ts";

export function ProblemBanner({
  problem,
  onDismiss,
  tone = "problem",
}: {
  problem: Problem;
  onDismiss: () => void;
  /** "problem": something failed (an alert); "info": something the user should know, nothing failed. */
  tone?: "problem" | "info";
}) {
  const id = tone === "problem" ? "problem" : "info";
  return (
    <div
      className={tone === "problem" ? "problem" : "problem info"}
      role={tone === "problem" ? "alert" : "status"}
      data-testid={id}
    >
      <div>
        <strong data-testid={`${id}-message`}>{problem.message}</strong>
        <span className="problem-hint" data-testid={`${id}-hint`}>
          {problem.hint}
        </span>
      </div>
      <button type="button" className="ghost" onClick={onDismiss} data-testid={`${id}-dismiss`} aria-label="Dismiss">
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
