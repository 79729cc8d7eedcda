package io.edgeweave.fault;

import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.FaultSpec.FaultKind;
import io.edgeweave.scenario.LinkKind;
import io.edgeweave.scenario.LinkSpec;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** Builds link and fault specs for tests, with times in milliseconds. */
public final class TestLinks {

  public static final String LINK = "edge-cloud";

  private TestLinks() {}

  /** When a fault window opens and closes. */
  public record Window(
      OptionalInt atStep, Optional<Duration> atTime, OptionalInt untilStep, Optional<Duration> duration) {

    public static Window always() {
      return new Window(OptionalInt.empty(), Optional.empty(), OptionalInt.empty(), Optional.empty());
    }

    public static Window fromStep(int step) {
      return new Window(OptionalInt.of(step), Optional.empty(), OptionalInt.empty(), Optional.empty());
    }

    public static Window fromTime(double ms) {
      return new Window(OptionalInt.empty(), Optional.of(millis(ms)), OptionalInt.empty(), Optional.empty());
    }

    public Window untilStep(int step) {
      return new Window(atStep, atTime, OptionalInt.of(step), duration);
    }

    public Window lasting(double ms) {
      return new Window(atStep, atTime, untilStep, Optional.of(millis(ms)));
    }
  }

  public static LinkSpec link(
      double bitsPerSecond, double propagationMs, double jitterMs,
      double loss, double duplicate, double reorder) {
    return new LinkSpec(
        LINK, LinkKind.DIGITAL, "edge", "cloud", bitsPerSecond,
        millis(propagationMs), millis(jitterMs), loss, duplicate, reorder);
  }

  /** A link without jitter or impairments. */
  public static LinkSpec cleanLink(double bitsPerSecond, double propagationMs) {
    return link(bitsPerSecond, propagationMs, 0, 0, 0, 0);
  }

  /** A loss, duplicate or reorder fault. */
  public static FaultSpec probability(FaultKind kind, double probability, Window window) {
    return fault(LINK, kind, window, probability, 0, 0, 0);
  }

  public static FaultSpec delay(double delayMs, double jitterMs, Window window) {
    return fault(LINK, FaultKind.DELAY, window, 0, delayMs, jitterMs, 0);
  }

  public static FaultSpec rate(double bitsPerSecond, Window window) {
    return fault(LINK, FaultKind.RATE, window, 0, 0, 0, bitsPerSecond);
  }

  public static FaultSpec partition(String link, Window window) {
    return fault(link, FaultKind.PARTITION, window, 0, 0, 0, 0);
  }

  public static FaultSpec partition(Window window) {
    return partition(LINK, window);
  }

  private static FaultSpec fault(
      String link, FaultKind kind, Window window,
      double probability, double delayMs, double jitterMs, double rateBitsPerSecond) {
    return new FaultSpec(
        link, kind, window.atStep(), window.atTime(), window.untilStep(), window.duration(),
        probability, millis(delayMs), millis(jitterMs), rateBitsPerSecond);
  }

  private static Duration millis(double ms) {
    return Duration.ofNanos(Math.round(ms * 1e6));
  }
}
