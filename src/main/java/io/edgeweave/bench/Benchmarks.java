package io.edgeweave.bench;

import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioException;
import io.edgeweave.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** What the benchmarks share: their scenarios, medians, and a scratch folder for run results nobody keeps. */
final class Benchmarks {
  private Benchmarks() {}

  /** A benchmark's own scenario; a problem in it is a bug, thrown as one message. */
  static Scenario parse(String hocon, String name) {
    try {
      return ScenarioLoader.parse(hocon, name, List.of());
    } catch (ScenarioException e) {
      throw new IllegalArgumentException(e.problems().stream().map(Object::toString).collect(Collectors.joining("; ")));
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** CPU time so far of this JVM (every thread: actors, JIT, GC), in ms. */
  static double processCpuMs() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e6;
  }

  /** The machine's load average over the last minute (negative where the system does not tell). */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("edgeweave-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path directory) {
    try (var files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary folder is harmless
    }
  }
}
