package io.edgeweave.training;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The steps a first node has run and not yet reported to the director: they go together, once {@code interval} has
 * passed since the last report or when the steps asked for end, so that a director on another JVM is woken a few
 * times a second instead of once a step. Each step's wall time is measured here, where it runs. Not thread-safe: one
 * actor owns it.
 */
public final class StepReports {
  /** A step run, with its wall time on the node that ran it. */
  public record Completed(StepResult result, double wallMs) {}

  private final long intervalNanos;
  private final List<Completed> unsent = new ArrayList<>();
  private long stepStartNanos;
  private long lastSentNanos;

  public StepReports(Duration interval) {
    this.intervalNanos = interval.toNanos();
  }

  /** Steps are asked for: the next report is due {@code interval} from now. */
  public void begin(long nowNanos) {
    lastSentNanos = nowNanos;
  }

  public void stepStarted(long nowNanos) {
    stepStartNanos = nowNanos;
  }

  /**
   * A step ended at {@code nowNanos}; {@code last} says whether it is the last one the node runs for now. Returns
   * the steps to report, this one included, when a report is due.
   */
  public Optional<List<Completed>> stepEnded(StepResult result, long nowNanos, boolean last) {
    unsent.add(new Completed(result, (nowNanos - stepStartNanos) / 1e6));
    if (!last && nowNanos - lastSentNanos < intervalNanos) return Optional.empty();
    lastSentNanos = nowNanos;
    List<Completed> report = List.copyOf(unsent);
    unsent.clear();
    return Optional.of(report);
  }
}
