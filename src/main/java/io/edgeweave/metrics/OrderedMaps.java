package io.edgeweave.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Defensive, insertion-ordered, unmodifiable copies of per-node and per-link figures. */
final class OrderedMaps {
  private OrderedMaps() {}

  static Map<String, Double> copy(Map<String, Double> source, String what) {
    Objects.requireNonNull(source, what);
    Map<String, Double> copy = new LinkedHashMap<>();
    source.forEach((key, value) -> copy.put(
        Objects.requireNonNull(key, () -> what + ": null key"),
        Objects.requireNonNull(value, () -> what + ": null value for " + key)));
    return Collections.unmodifiableMap(copy);
  }

  static double sum(Map<String, Double> values) {
    return values.values().stream().mapToDouble(Double::doubleValue).sum();
  }
}
