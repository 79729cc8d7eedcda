package io.edgeweave.scenario;

import java.util.SplittableRandom;

/**
 * A quantity that differs from device to device: the same for all ({@code FIXED}), drawn uniformly from
 * [{@code a}, {@code b}] ({@code UNIFORM}), or log-normal with median {@code a} and log-space standard
 * deviation {@code b} ({@code LOG_NORMAL}).
 */
public record Distribution(Shape shape, double a, double b) {
  public enum Shape {
    FIXED,
    UNIFORM,
    LOG_NORMAL
  }

  public static Distribution fixed(double value) {
    return new Distribution(Shape.FIXED, value, value);
  }

  public static Distribution uniform(double min, double max) {
    return new Distribution(Shape.UNIFORM, min, max);
  }

  public static Distribution logNormal(double median, double sigma) {
    return new Distribution(Shape.LOG_NORMAL, median, sigma);
  }

  /** One draw; a fixed quantity draws nothing from {@code rng}. */
  public double sample(SplittableRandom rng) {
    return switch (shape) {
      case FIXED -> a;
      case UNIFORM -> a + (b - a) * rng.nextDouble();
      case LOG_NORMAL -> a * Math.exp(b * rng.nextGaussian());
    };
  }
}
