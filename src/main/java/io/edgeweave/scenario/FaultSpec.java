package io.edgeweave.scenario;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An impairment of one link over a window. The window opens at a training step ({@code atStep}: when the
 * link first carries a message of that step) or at a virtual time ({@code atTime}), and closes at a step
 * ({@code untilStep}, exclusive), after a virtual {@code duration}, or never (both empty).
 *
 * @param probability for loss, duplicate, reorder: the probability while active
 * @param delay for delay: extra delay per message (plus a uniform draw up to {@code jitter})
 * @param rateBitsPerSecond for rate: the link's rate while active
 */
public record FaultSpec(
    String link,
    FaultKind kind,
    OptionalInt atStep,
    Optional<Duration> atTime,
    OptionalInt untilStep,
    Optional<Duration> duration,
    double probability,
    Duration delay,
    Duration jitter,
    double rateBitsPerSecond) {

  public enum FaultKind {
    LOSS,
    DUPLICATE,
    REORDER,
    DELAY,
    PARTITION,
    RATE
  }
}
