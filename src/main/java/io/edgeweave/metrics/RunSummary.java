package io.edgeweave.metrics;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one run, written as {@code summary.json} with snake_case keys.
 *
 * @param scenario           scenario name
 * @param seed               random seed of the run
 * @param status             how the run ended
 * @param error              why it failed; null unless {@code status} is {@link RunStatus#FAILED}
 * @param testAccuracy       last test accuracy, null when the run never evaluated
 * @param steps              training steps planned
 * @param stepsCommitted     training steps whose updates were committed
 * @param samplesPerSecond   training samples per wall-clock second
 * @param virtualTimeMs      virtual time at the end of the run
 * @param wallTimeMs         real time the run took
 * @param linkBytes          bytes sent over all links
 * @param messagesDropped    messages lost on links
 * @param messagesDuplicated messages delivered twice
 * @param retries            messages re-sent
 * @param computeMsByNode    total virtual compute time per node, insertion ordered
 * @param commMsByLink       total virtual communication time per link, insertion ordered
 * @param startedAt          when the run started, written as ISO-8601
 * @param channelUses        uses of wireless MIMO channels by training messages (0 without MIMO links)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunSummary(
    String scenario,
    long seed,
    RunStatus status,
    String error,
    Double testAccuracy,
    int steps,
    int stepsCommitted,
    double samplesPerSecond,
    double virtualTimeMs,
    double wallTimeMs,
    long linkBytes,
    long messagesDropped,
    long messagesDuplicated,
    long retries,
    Map<String, Double> computeMsByNode,
    Map<String, Double> commMsByLink,
    @JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = InstantText.class)
    Instant startedAt,
    double channelUses) {

  public RunSummary {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    if ((status == RunStatus.FAILED) != (error != null)) {
      throw new IllegalArgumentException("error must be given exactly when the run failed: " + status);
    }
    computeMsByNode = OrderedMaps.copy(computeMsByNode, "computeMsByNode");
    commMsByLink = OrderedMaps.copy(commMsByLink, "commMsByLink");
  }

  /** Training samples per wall-clock second; 0 when no wall time has passed. */
  public static double samplesPerSecond(long trainingSamples, double wallTimeMs) {
    return wallTimeMs > 0 ? trainingSamples / (wallTimeMs / 1000.0) : 0.0;
  }

  /** Reads an ISO-8601 instant without needing Jackson's java.time module. */
  static final class InstantText extends FromStringDeserializer<Instant> {
    InstantText() {
      super(Instant.class);
    }

    @Override
    protected Instant _deserialize(String value, DeserializationContext context) {
      return Instant.parse(value);
    }
  }
}
