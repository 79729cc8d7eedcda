package io.edgeweave.metrics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The figures of a collaborative run beyond the common {@link RunSummary}: the fleet, and every selected
 * device's outcome summed over the rounds. Written into {@code summary.json} as {@code collaboration}.
 *
 * @param devices devices in the fleet
 * @param perRound devices selected per round (fewer once too many have crashed)
 * @param fleetReadyMs wall time to create the fleet until every device answered
 * @param peakHeapUsedBytes the most heap in use at the end of a round
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CollaborationSummary(
    int devices,
    int perRound,
    int rounds,
    int roundsCompleted,
    long selected,
    long arrived,
    long stragglers,
    long droppedOut,
    long crashed,
    long unreachable,
    long unanswered,
    long duplicatesIgnored,
    double fleetReadyMs,
    long peakHeapUsedBytes) {

  /** Sums the outcomes of {@code rounds}. */
  public static CollaborationSummary of(
      int devices, int perRound, int plannedRounds, double fleetReadyMs, List<RoundRecord> rounds) {
    return new CollaborationSummary(
        devices,
        perRound,
        plannedRounds,
        rounds.size(),
        rounds.stream().mapToLong(RoundRecord::selected).sum(),
        rounds.stream().mapToLong(RoundRecord::arrived).sum(),
        rounds.stream().mapToLong(RoundRecord::stragglers).sum(),
        rounds.stream().mapToLong(RoundRecord::droppedOut).sum(),
        rounds.stream().mapToLong(RoundRecord::crashed).sum(),
        rounds.stream().mapToLong(RoundRecord::unreachable).sum(),
        rounds.stream().mapToLong(RoundRecord::unanswered).sum(),
        rounds.stream().mapToLong(RoundRecord::duplicatesIgnored).sum(),
        fleetReadyMs,
        rounds.stream().mapToLong(RoundRecord::heapUsedBytes).max().orElse(0));
  }
}
