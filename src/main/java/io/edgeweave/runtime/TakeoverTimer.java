package io.edgeweave.runtime;

import io.edgeweave.metrics.RunSummary;

/**
 * What a director keeps of a takeover: it times the first unit of work (a step, a round, an epoch) its run completes
 * after a standby director took the run over, and puts the takeover's figures into the run's summary. For a run no
 * standby took over it does nothing.
 */
public final class TakeoverTimer {
  private final TakenOver takenOver;
  private long firstProgressNanos;

  /** @param takenOver how a standby director took the run over; null if none did */
  public TakeoverTimer(TakenOver takenOver) {
    this.takenOver = takenOver;
  }

  /** The run completed a unit of work now. */
  public void progressed() {
    if (takenOver != null && firstProgressNanos == 0) firstProgressNanos = System.nanoTime();
  }

  /** {@code summary} with the takeover's figures; itself for a run no standby took over. */
  public RunSummary stamp(RunSummary summary) {
    return takenOver == null ? summary : summary.takenOver(takenOver.withFirstProgressAt(firstProgressNanos));
  }
}
