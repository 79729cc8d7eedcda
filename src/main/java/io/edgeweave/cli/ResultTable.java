package io.edgeweave.cli;

import io.edgeweave.metrics.CollaborationSummary;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.scenario.Units;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The result of a run as a short table for the terminal. */
final class ResultTable {
  private ResultTable() {}

  /** @param samplesPerStep training samples of one step (the batch size) */
  static void print(RunSummary s, int samplesPerStep, Path directory, PrintStream out) {
    common(s, "steps", out);
    if (s.channelUses() > 0) {
      row(out, "channel uses", String.format(Locale.ROOT, "%.0f (%.2f per training sample)", s.channelUses(),
          s.channelUses() / Math.max(1, s.stepsCommitted()) / samplesPerStep));
    }
    if (s.placement().values().stream().anyMatch(jvm -> !jvm.equals("local"))) {
      row(out, "placement", String.join(", ", s.placement().entrySet().stream().map(e -> e.getKey() + " on " + e.getValue()).toList()));
    }
    RunSummary.Recovery r = s.recovery();
    if (r.faultsInjected() > 0 || r.recoveries() > 0) {
      row(out, "faults", String.format(Locale.ROOT, "%d injected, %d recoveries (resumed from steps %s), %d steps redone,"
              + " %d committed steps lost; training stood still %.1f s", r.faultsInjected(), r.recoveries(),
          r.resumedFromSteps(), r.stepsRedone(), r.stepsLost(), r.recoveryWallMs() / 1000));
      row(out, "checkpoints", r.checkpoints() + (r.checkpoints() > 0 ? ", the last after step " + r.lastCheckpointStep() : ""));
    }
    row(out, "results", directory.toString());
  }

  /** A collaborative run: rounds instead of steps, and what became of the selected devices. */
  static void print(RunSummary s, CollaborationSummary c, Path directory, PrintStream out) {
    common(s, "rounds", out);
    row(out, "devices", String.format(Locale.ROOT, "%d, %d per round: %d selected, %d aggregated, %d stragglers,"
            + " %d dropped out, %d crashed, %d unreachable, %d unanswered, %d duplicates ignored",
        c.devices(), c.perRound(), c.selected(), c.arrived(), c.stragglers(), c.droppedOut(), c.crashed(),
        c.unreachable(), c.unanswered(), c.duplicatesIgnored()));
    row(out, "fleet", String.format(Locale.ROOT, "ready in %.1f s, peak heap in use %s",
        c.fleetReadyMs() / 1000, Units.bytes(c.peakHeapUsedBytes())));
    RunSummary.Recovery r = s.recovery();
    if (r.faultsInjected() > 0) {
      row(out, "faults", String.format(Locale.ROOT, "%d kill-jvm, before rounds %s (their selected devices on the struck"
          + " JVM count as crashed there), 0 committed rounds lost; rounds stood still %.1f s", r.faultsInjected(),
          r.resumedFromSteps(), r.recoveryWallMs() / 1000));
    }
    row(out, "results", directory.toString());
  }

  /** The accuracy, with its spread over the test batches when there are several. */
  private static String testAccuracy(RunSummary s) {
    if (s.testAccuracy() == null) return "-";
    String accuracy = String.format(Locale.ROOT, "%.4f", s.testAccuracy());
    return s.testAccuracySd() == null ? accuracy
        : String.format(Locale.ROOT, "%s (sd %.4f over %d test batches)", accuracy, s.testAccuracySd(), s.testBatches());
  }

  private static void common(RunSummary s, String steps, PrintStream out) {
    row(out, "scenario", s.scenario() + " (seed " + s.seed() + ")");
    row(out, "status", s.status().name().toLowerCase(Locale.ROOT) + (s.error() != null ? ": " + s.error() : ""));
    row(out, steps, s.stepsCommitted() + " / " + s.steps());
    row(out, "test accuracy", testAccuracy(s));
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
