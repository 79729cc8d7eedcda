package io.edgeweave.scenario;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An impairment of one link or one node over a window; {@code target} is the link's or the node's id,
 * as the kind says ({@link FaultKind#target()}). The window opens at a training step ({@code atStep}: when the
 * link first carries a message of that step) or at a virtual time ({@code atTime}), and closes at a step
 * ({@code untilStep}, exclusive), after a virtual {@code duration}, or never (both empty).
 *
 * <p>Node faults start at a step. {@code kill-jvm} halts the JVM that hosts the node; {@code pause-jvm} stops it
 * (SIGSTOP) and {@code partition-jvm} cuts it off from every other JVM, both for {@code duration} of wall-clock
 * time; {@code slow-node} divides the node's compute rate by {@code factor} until {@code untilStep}. A kill-jvm of a
 * collaborative-training run names no node: its target is the number of the edge JVM it halts ({@code jvm = N}, 1 to
 * {@code workload.jvms}), and its step is the round as whose opening it strikes.
 *
 * @param probability for loss, duplicate, reorder: the probability while active
 * @param delay for delay: extra delay per message (plus a uniform draw up to {@code jitter})
 * @param rateBitsPerSecond for rate: the link's rate while active
 * @param snrDb for snr: the SNR of a MIMO link while active (both directions)
 * @param gainDb for fade: the channel's power gain while active (a deep fade: −20 dB or lower)
 * @param factor for slow-node: how many times slower the node computes while active
 */
public record FaultSpec(
    String target,
    FaultKind kind,
    OptionalInt atStep,
    Optional<Duration> atTime,
    OptionalInt untilStep,
    Optional<Duration> duration,
    double probability,
    Duration delay,
    Duration jitter,
    double rateBitsPerSecond,
    double snrDb,
    double gainDb,
    double factor) {

  /** A fault with the parameters of digital links only. */
  public FaultSpec(
      String target,
      FaultKind kind,
      OptionalInt atStep,
      Optional<Duration> atTime,
      OptionalInt untilStep,
      Optional<Duration> duration,
      double probability,
      Duration delay,
      Duration jitter,
      double rateBitsPerSecond) {
    this(target, kind, atStep, atTime, untilStep, duration, probability, delay, jitter, rateBitsPerSecond, 0, 0, 1);
  }

  /** Whether this fault impairs link {@code linkId}. */
  public boolean onLink(String linkId) {
    return kind.target() == Target.LINK && target.equals(linkId);
  }

  /** Whether this fault strikes node {@code nodeId}. */
  public boolean onNode(String nodeId) {
    return kind.target() == Target.NODE && target.equals(nodeId);
  }

  /** What a fault kind strikes: named in the scenario by {@code link = id} or {@code node = id}. */
  public enum Target {
    LINK,
    NODE;

    /** The scenario key that names the target. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum FaultKind {
    LOSS(Target.LINK),
    DUPLICATE(Target.LINK),
    REORDER(Target.LINK),
    DELAY(Target.LINK),
    PARTITION(Target.LINK),
    RATE(Target.LINK),
    /** A MIMO link's SNR drops (or rises) to {@code snr} dB. */
    SNR(Target.LINK),
    /** A MIMO link's channel fades by {@code gain} dB. */
    FADE(Target.LINK),
    /** A MIMO link's channel is redrawn when the window opens (the window's end changes nothing). */
    CHANNEL_JUMP(Target.LINK),
    /** The node stops, losing what it held; at the window's end (if any) it restarts empty and joins again. */
    CRASH(Target.NODE),
    /** The node is absent until the window opens, then joins. */
    JOIN(Target.NODE),
    /** The JVM that hosts the node halts (a multi-JVM run; in one JVM, the node's agent stops). */
    KILL_JVM(Target.NODE),
    /** The JVM that hosts the node stops (SIGSTOP) for {@code duration} of wall-clock time. */
    PAUSE_JVM(Target.NODE),
    /** The JVM that hosts the node is cut off from every other JVM for {@code duration} of wall-clock time. */
    PARTITION_JVM(Target.NODE),
    /** The node computes {@code factor} times slower until {@code untilStep}. */
    SLOW_NODE(Target.NODE);

    private final Target target;

    FaultKind(Target target) {
      this.target = target;
    }

    public Target target() {
      return target;
    }

    /** Whether the fault strikes the process that hosts a node (only meaningful when nodes have their own JVMs). */
    public boolean strikesProcess() {
      return this == KILL_JVM || this == PAUSE_JVM || this == PARTITION_JVM;
    }
  }
}
