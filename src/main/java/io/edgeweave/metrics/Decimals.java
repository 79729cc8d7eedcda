package io.edgeweave.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Plain decimal text for numbers in files people read: no exponent, no binary noise. */
final class Decimals {
  private static final int DECIMALS = 6;

  private Decimals() {}

  /** {@link #format(double, int)} with six decimals: precise enough for data files. */
  static String format(double value) {
    return format(value, DECIMALS);
  }

  /**
   * At most {@code decimals} decimals, or as many significant digits when the value is below one;
   * trailing zeros dropped. Values too tiny or huge for plain text keep Java's exponent form,
   * non-finite ones their name.
   */
  static String format(double value, int decimals) {
    if (value == 0) {
      return "0";
    }
    double magnitude = Math.abs(value);
    if (!Double.isFinite(value) || magnitude < 1e-9 || magnitude >= 1e15) {
      return Double.toString(value);
    }
    BigDecimal exact = BigDecimal.valueOf(value);
    int leadingDigit = exact.precision() - exact.scale() - 1;
    int scale = Math.max(decimals, decimals - 1 - leadingDigit);
    return exact.setScale(scale, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
  }
}
