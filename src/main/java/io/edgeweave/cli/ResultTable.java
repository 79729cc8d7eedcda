package io.edgeweave.cli;

import io.edgeweave.metrics.RunSummary;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The result of a run as a short table for the terminal. */
final class ResultTable {
  private ResultTable() {}

  /** @param samplesPerStep training samples of one step (the batch size) */
  static void print(RunSummary s, int samplesPerStep, Path directory, PrintStream out) {
    row(out, "scenario", s.scenario() + " (seed " + s.seed() + ")");
    row(out, "status", s.status().name().toLowerCase(Locale.ROOT) + (s.error() != null ? ": " + s.error() : ""));
    row(out, "steps", s.stepsCommitted() + " / " + s.steps());
    row(out, "test accuracy", s.testAccuracy() == null ? "-" : String.format(Locale.ROOT, "%.4f", s.testAccuracy()));
    row(out, "virtual time", duration(s.virtualTimeMs()));
    breakdown(out, "compute", s.computeMsByNode());
    breakdown(out, "link", s.commMsByLink());
    row(
        out,
        "wall time",
        String.format(Locale.ROOT, "%.1f s (%.0f samples/s)", s.wallTimeMs() / 1000, s.samplesPerSecond()));
    row(
        out,
        "links",
        String.format(
            Locale.ROOT,
            "%.2f MB sent, %d dropped, %d duplicated, %d retries",
            s.linkBytes() / 1e6,
            s.messagesDropped(),
            s.messagesDuplicated(),
            s.retries()));
    if (s.channelUses() > 0) {
      row(out, "channel uses", String.format(Locale.ROOT, "%.0f (%.2f per training sample)", s.channelUses(),
          s.channelUses() / Math.max(1, s.stepsCommitted()) / samplesPerStep));
    }
    row(out, "results", directory.toString());
  }

  private static void breakdown(PrintStream out, String what, Map<String, Double> msById) {
    msById.forEach(
        (id, ms) -> row(out, "  " + what + " " + id, duration(ms)));
  }

  private static String duration(double ms) {
    return ms >= 1000 ? String.format(Locale.ROOT, "%.3f s", ms / 1000) : String.format(Locale.ROOT, "%.3f ms", ms);
  }

  private static void row(PrintStream out, String label, String value) {
    out.printf(Locale.ROOT, "%-22s %s%n", label, value);
  }
}
