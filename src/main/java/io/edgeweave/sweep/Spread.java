package io.edgeweave.sweep;

import io.edgeweave.metrics.RunStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A metric over the seeds of a sweep point: the mean, the sample standard deviation (n − 1; NaN below two values)
 * and n, the number of values. Only completed runs with a value count.
 */
public record Spread(double mean, double sd, int n) {
  public static final Spread NONE = new Spread(Double.NaN, Double.NaN, 0);

  /** The spread of {@code values}, NaN values left out. */
  public static Spread of(double... values) {
    int n = 0;
    double sum = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        n++;
        sum += v;
      }
    }
    if (n == 0) return NONE;
    double mean = sum / n;
    double squares = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) squares += (v - mean) * (v - mean);
    }
    return new Spread(mean, n > 1 ? Math.sqrt(squares / (n - 1)) : Double.NaN, n);
  }

  /** The spread of {@code metric} over the completed runs among {@code rows}. */
  public static Spread of(List<SweepRow> rows, String metric) {
    return of(rows.stream().filter(r -> r.status() == RunStatus.COMPLETED).mapToDouble(r -> r.metric(metric)).toArray());
  }

  /** The rows of each point (the same labels, any seed), points in the order they first appear. */
  public static Map<Map<String, String>, List<SweepRow>> byPoint(List<SweepRow> rows) {
    Map<Map<String, String>, List<SweepRow>> points = new LinkedHashMap<>();
    rows.forEach(r -> points.computeIfAbsent(r.labels(), k -> new ArrayList<>()).add(r));
    return points;
  }

  /** Whether some point of {@code rows} has more than one run, i.e. the sweep has several seeds. */
  public static boolean seeded(List<SweepRow> rows) {
    return byPoint(rows).values().stream().anyMatch(r -> r.size() > 1);
  }
}
