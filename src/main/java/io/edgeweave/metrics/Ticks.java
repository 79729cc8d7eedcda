package io.edgeweave.metrics;

import java.util.ArrayList;
import java.util.List;

/** An axis from {@code low} to {@code high} with ticks at the multiples of {@code step} (1, 2 or 5 × 10^k). */
record Ticks(double low, double high, double step) {

  /** About {@code count} ticks over [low, high]; whole-number steps if {@code wholeNumbers}. */
  static Ticks spanning(double low, double high, int count, boolean wholeNumbers) {
    if (!(high > low)) {
      double pad = low == 0 ? 1 : Math.abs(low) * 0.1;
      low -= pad;
      high += pad;
    }
    double raw = (high - low) / count;
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    double scaled = raw / power;
    double step = (scaled < 1.5 ? 1 : scaled < 3 ? 2 : scaled < 7 ? 5 : 10) * power;
    return new Ticks(low, high, wholeNumbers ? Math.max(1, step) : step);
  }

  /**
   * A logarithmic axis given as powers of ten: from the decade at or below {@code lowLog10} to the one at or above
   * {@code highLog10} (at least one decade), a tick every decade, or every few when there are many.
   */
  static Ticks decades(double lowLog10, double highLog10) {
    double low = Math.floor(lowLog10);
    double high = Math.max(Math.ceil(highLog10), low + 1);
    return new Ticks(low, high, Math.max(1, Math.ceil((high - low) / 8)));
  }

  /** The same ticks on an axis widened to begin and end at a tick. */
  Ticks roundedOut() {
    return new Ticks(Math.floor(low / step) * step, Math.ceil(high / step) * step, step);
  }

  List<Double> values() {
    List<Double> values = new ArrayList<>();
    double tolerance = step * 1e-9;
    for (long i = (long) Math.ceil((low - tolerance) / step); i * step <= high + tolerance; i++) {
      values.add(i * step);
    }
    return values;
  }

  double span() {
    return high - low;
  }
}
