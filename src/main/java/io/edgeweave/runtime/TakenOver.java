package io.edgeweave.runtime;

import io.edgeweave.metrics.RunSummary;

/**
 * A run a standby director took over, as its director starts: what the standby measured, and when (a
 * {@link System#nanoTime()} reading of the standby's JVM, where the run now lives) it saw the director's JVM removed.
 */
public record TakenOver(RunSummary.Takeover figures, long removedNanos) {
  /** The figures, with the first unit of work of the resumed run completed at {@code nanos} (0: none completed). */
  public RunSummary.Takeover withFirstProgressAt(long nanos) {
    return nanos == 0 ? figures : figures.firstProgress(sinceRemoval(nanos));
  }

  /** The figures of a JMSNAS run, with the first answer of the resumed run at {@code nanos} (0: none answered). */
  public RunSummary.Takeover withFirstAnswerAt(long nanos) {
    return nanos == 0 ? figures : figures.firstAnswer(sinceRemoval(nanos));
  }

  private double sinceRemoval(long nanos) {
    return (nanos - removedNanos) / 1e6;
  }
}
