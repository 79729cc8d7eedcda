package io.edgeweave.serving;

/**
 * When the requests of a serving run arrive (virtual: one every interval once the first deployment is in force) and
 * how long the run took (wall: since the orchestrator started, since serving started, to the first answer). Wall
 * readings are {@link System#nanoTime()} values handed in.
 */
public final class ServingTimes {
  private final double intervalMs;
  private final long startNanos;
  private double servingStartMs = Double.NaN;
  private long servingStartNanos;
  private long firstAnswerNanos;

  /** @param startNanos when the orchestrator started */
  public ServingTimes(double intervalMs, long startNanos) {
    this.intervalMs = intervalMs;
    this.startNanos = startNanos;
  }

  /** Whether serving has started (the first deployment came into force, or a resumed run restored it). */
  public boolean serving() {
    return !Double.isNaN(servingStartMs);
  }

  /** Serving starts at virtual time {@code readyMs}, at wall time {@code nanos} (a resumed run: as it was). */
  public void servingFrom(double readyMs, long nanos) {
    servingStartMs = readyMs;
    servingStartNanos = nanos;
  }

  /** Virtual time serving started; NaN before. */
  public double servingStartMs() {
    return servingStartMs;
  }

  /** When request {@code r} arrives at the source: 0 before serving starts. */
  public double arrivalMs(int r) {
    return Double.isNaN(servingStartMs) ? 0 : servingStartMs + r * intervalMs;
  }

  /** A request was answered at {@code nanos}. */
  public void answered(long nanos) {
    if (firstAnswerNanos == 0) firstAnswerNanos = nanos;
  }

  /** When the first answer came (0: none yet). */
  public long firstAnswerNanos() {
    return firstAnswerNanos;
  }

  /** Wall milliseconds from the orchestrator's start to {@code nanos}. */
  public double sinceStartMs(long nanos) {
    return (nanos - startNanos) / 1e6;
  }

  /** Wall milliseconds from the start of serving to {@code nanos}; 0 if it never started. */
  public double servingMs(long nanos) {
    return servingStartNanos == 0 ? 0 : (nanos - servingStartNanos) / 1e6;
  }
}
