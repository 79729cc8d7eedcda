package io.edgeweave.scenario;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Quantities written as a number and a unit: rates ({@code 100 Mbps}) and compute rates ({@code 2 GFLOPS}).
 * Prefixes are strict SI letters ({@code k}, {@code M}, {@code G}, {@code T}): {@code mbps} would read as
 * milli and is refused. A bare number is in the base unit.
 */
public final class Units {

  private static final Pattern QUANTITY =
      Pattern.compile("\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*(\\S*)\\s*");
  private static final List<String> PREFIXES = List.of("", "k", "M", "G", "T");
  private static final String[] BINARY_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  private Units() {}

  /** Bits per second from a number or {@code <number> bps|kbps|Mbps|Gbps}. */
  public static double bitsPerSecond(String text) {
    return parse(text, "bps", 4);
  }

  /** FLOP per second from a number or {@code <number> FLOPS|kFLOPS|MFLOPS|GFLOPS|TFLOPS}. */
  public static double flopsPerSecond(String text) {
    return parse(text, "FLOPS", 5);
  }

  /** Channel uses (symbols) per second from a number or {@code <number> Hz|kHz|MHz|GHz}. */
  public static double hertz(String text) {
    return parse(text, "Hz", 4);
  }

  /**
   * A ratio in decibels from a number or {@code <number> dB} (may be negative), or {@code off} for an
   * infinite ratio (no noise).
   */
  public static double decibels(String text) {
    if (text.strip().equals("off")) return Double.POSITIVE_INFINITY;
    Matcher m = QUANTITY.matcher(text);
    if (!m.matches() || !(m.group(2).isEmpty() || m.group(2).equals("dB"))) {
      throw new IllegalArgumentException("expected a number of dB (like 20 dB) or off, got \"" + text + "\"");
    }
    return Double.parseDouble(m.group(1));
  }

  /** A byte count for people: {@code 512 B}, {@code 1.2 MiB}. */
  public static String bytes(long count) {
    if (count < 1024) return count + " B";
    double value = count;
    int unit = 0;
    while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, BINARY_UNITS[unit]);
  }

  /** Parses {@code <number> [prefix]base} with the first {@code prefixCount} prefixes allowed. */
  private static double parse(String text, String base, int prefixCount) {
    List<String> units = PREFIXES.subList(0, prefixCount).stream().map(p -> p + base).toList();
    Matcher m = QUANTITY.matcher(text);
    int unit = m.matches() ? (m.group(2).isEmpty() ? 0 : units.indexOf(m.group(2))) : -1;
    if (unit < 0) {
      throw new IllegalArgumentException(
          "expected a number or a number with one of " + String.join(", ", units) + ", got \"" + text + "\"");
    }
    return Double.parseDouble(m.group(1)) * Math.pow(1000, unit);
  }
}
