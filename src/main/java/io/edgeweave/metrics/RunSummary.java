package io.edgeweave.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one run, written as {@code summary.json} with snake_case keys.
 *
 * @param scenario           scenario name
 * @param seed               random seed of the run
 * @param status             how the run ended
 * @param error              why it failed; null unless {@code status} is {@link RunStatus#FAILED}
 * @param testAccuracy       last test accuracy over the whole test set, null when the run never evaluated; over MIMO
 *                           links each test batch goes through its own realisation of the channel, so this is the
 *                           mean over those realisations
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
 * @param placement          node id → name of the JVM that hosted it last
 * @param recovery           faults struck, checkpoints taken and what failures cost
 * @param channelUses        uses of wireless MIMO channels by training messages (0 without MIMO links)
 * @param testAccuracySd     standard deviation of the last evaluation's accuracy over its test batches (each through its
 *                           own channel realisation over MIMO links); null with fewer than two batches or no evaluation
 * @param testBatches        test batches of the last evaluation (0: none)
 * @param takeover           how a standby director took the run over; null (not written) for a run that was not
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
    Map<String, String> placement,
    Recovery recovery,
    double channelUses,
    Double testAccuracySd,
    int testBatches,
    @JsonInclude(JsonInclude.Include.NON_NULL) Takeover takeover) {

  public RunSummary {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    if ((status != RunStatus.COMPLETED) != (error != null)) {
      throw new IllegalArgumentException("error must be given exactly when the run did not complete: " + status);
    }
    computeMsByNode = OrderedMaps.copy(computeMsByNode, "computeMsByNode");
    commMsByLink = OrderedMaps.copy(commMsByLink, "commMsByLink");
    placement = Collections.unmodifiableMap(new LinkedHashMap<>(placement));
    Objects.requireNonNull(recovery, "recovery");
  }

  /** The same run, failed for {@code reason} (e.g. its results could not be written). */
  public RunSummary failedBecause(String reason) {
    String why = error == null ? reason : error + "; " + reason;
    return new RunSummary(scenario, seed, RunStatus.FAILED, why, testAccuracy, steps, stepsCommitted, samplesPerSecond,
        virtualTimeMs, wallTimeMs, linkBytes, messagesDropped, messagesDuplicated, retries, computeMsByNode, commMsByLink,
        startedAt, placement, recovery, channelUses, testAccuracySd, testBatches, takeover);
  }

  /** The same run, taken over by a standby director as {@code figures} say. */
  public RunSummary takenOver(Takeover figures) {
    return new RunSummary(scenario, seed, status, error, testAccuracy, steps, stepsCommitted, samplesPerSecond,
        virtualTimeMs, wallTimeMs, linkBytes, messagesDropped, messagesDuplicated, retries, computeMsByNode, commMsByLink,
        startedAt, placement, recovery, channelUses, testAccuracySd, testBatches, figures);
  }

  /** A summary of a run that does not place nodes on JVMs nor recover from their loss. */
  public RunSummary(
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
      Instant startedAt,
      double channelUses) {
    this(scenario, seed, status, error, testAccuracy, steps, stepsCommitted, samplesPerSecond, virtualTimeMs,
        wallTimeMs, linkBytes, messagesDropped, messagesDuplicated, retries, computeMsByNode, commMsByLink, startedAt,
        Map.of(), Recovery.NONE, channelUses, null, 0, null);
  }

  /**
   * What failures did to a run and what it did about them.
   *
   * @param faultsInjected process faults struck (kill-jvm, pause-jvm, partition-jvm) and slow-node windows opened
   * @param checkpoints checkpoints saved
   * @param lastCheckpointStep the step after which the last checkpoint was taken, null if none
   * @param recoveries times the run lost a node and resumed
   * @param resumedFromSteps for each recovery, the first step run again
   * @param stepsRedone committed steps after the last checkpoint that a failure discarded and the run computed again
   * @param stepsLost checkpointed steps a recovery could not restore (0: nothing committed was lost)
   * @param recoveryWallMs wall-clock time training stood still after losing a node (detecting the loss, waiting for
   *     JVMs, redeploying), summed
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Recovery(
      int faultsInjected,
      int checkpoints,
      Integer lastCheckpointStep,
      int recoveries,
      List<Integer> resumedFromSteps,
      int stepsRedone,
      int stepsLost,
      double recoveryWallMs) {
    public static final Recovery NONE = new Recovery(0, 0, null, 0, List.of(), 0, 0, 0);

    public Recovery {
      resumedFromSteps = List.copyOf(resumedFromSteps);
    }
  }

  /**
   * How a standby director took over a run whose director's JVM died, in wall time as the standby saw it.
   *
   * @param standby the address of the standby's JVM, which directed the rest of the run
   * @param director the address of the JVM that directed the run until it died
   * @param directorRemovedAt when the standby saw the cluster remove that JVM, downed
   * @param unreachableMs how long before that the standby saw the JVM unreachable; null if it did not see it
   * @param resumedMs from the removal to the run resumed on the standby (its director started)
   * @param firstAnswerMs JMSNAS only: from the removal to the first request the resumed run answered; null (not
   *     written) for another workload or if it answered none
   * @param firstProgressMs from the removal to the first unit of work the resumed run completed (a request answered,
   *     a step or a round committed, an epoch of GenAI training finished: see docs/cluster.md); null if none
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Takeover(
      String standby,
      String director,
      @JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = InstantText.class)
      Instant directorRemovedAt,
      Double unreachableMs,
      double resumedMs,
      @JsonInclude(JsonInclude.Include.NON_NULL) Double firstAnswerMs,
      Double firstProgressMs) {
    /** The takeover as the standby resumes the run, before the run has done anything. */
    public Takeover(String standby, String director, Instant directorRemovedAt, Double unreachableMs, double resumedMs) {
      this(standby, director, directorRemovedAt, unreachableMs, resumedMs, null, null);
    }

    /** The same takeover, whose run completed its first unit of work {@code ms} after the removal. */
    public Takeover firstProgress(double ms) {
      return new Takeover(standby, director, directorRemovedAt, unreachableMs, resumedMs, firstAnswerMs, ms);
    }

    /** The same takeover, whose JMSNAS run answered its first request, its first unit of work, {@code ms} after the removal. */
    public Takeover firstAnswer(double ms) {
      return new Takeover(standby, director, directorRemovedAt, unreachableMs, resumedMs, ms, ms);
    }
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
