package io.edgeweave.metrics;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The common {@link RunSummary} of a collaborative run, from its rounds. */
public final class RoundRuns {
  /** Keys of the virtual-time breakdown: means over the aggregated devices, summed over the rounds. */
  public static final String DEVICES = "devices (mean)";
  public static final String DOWNLINKS = "downlinks (mean)";
  public static final String UPLINKS = "uplinks (mean)";

  private RoundRuns() {}

  /**
   * Steps are rounds; samples per second counts the samples of aggregated devices over the rounds' wall
   * time; the breakdown gives the cloud's aggregation time and, per round, the mean device's compute,
   * downlink and uplink time; a lost transmission that was not the last attempt counts as a retry.
   *
   * @param status how the run ended
   * @param failure why the run did not complete, or {@code null}
   * @param testAccuracy the last evaluated accuracy, or {@code null}
   */
  public static RunSummary summary(
      String scenario,
      long seed,
      RunStatus status,
      String failure,
      Double testAccuracy,
      int plannedRounds,
      List<RoundRecord> rounds,
      double virtualTimeMs,
      double wallTimeMs,
      String cloud,
      Instant startedAt,
      RunSummary.Recovery recovery) {
    long samples = rounds.stream().mapToLong(RoundRecord::trainingSamples).sum();
    long lost = rounds.stream().mapToLong(RoundRecord::transmissionsLost).sum();
    long unreachable = rounds.stream().mapToLong(RoundRecord::unreachable).sum();
    Map<String, Double> compute = new LinkedHashMap<>();
    compute.put(cloud, sum(rounds, RoundRecord::aggregationMs));
    compute.put(DEVICES, sum(rounds, RoundRecord::meanComputeMs));
    Map<String, Double> comm = new LinkedHashMap<>();
    comm.put(DOWNLINKS, sum(rounds, RoundRecord::meanDownlinkMs));
    comm.put(UPLINKS, sum(rounds, RoundRecord::meanUplinkMs));
    return new RunSummary(
        scenario,
        seed,
        status,
        failure,
        failure == null ? testAccuracy : null,
        plannedRounds,
        rounds.size(),
        RunSummary.samplesPerSecond(samples, sum(rounds, RoundRecord::wallTimeMs)),
        virtualTimeMs,
        wallTimeMs,
        rounds.stream().mapToLong(RoundRecord::linkBytes).sum(),
        lost,
        rounds.stream().mapToLong(RoundRecord::transmissionsDuplicated).sum(),
        lost - unreachable,
        compute,
        comm,
        startedAt,
        Map.of(),
        recovery,
        0,
        null,
        0, null);
  }

  private static double sum(List<RoundRecord> rounds, ToDoubleFunction<RoundRecord> value) {
    return rounds.stream().mapToDouble(value).sum();
  }
}
