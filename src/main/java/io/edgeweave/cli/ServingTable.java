package io.edgeweave.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeweave.plan.PlanText;
import io.edgeweave.scenario.Units;
import io.edgeweave.serving.ServingReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The serving side of a jmsnas run for the terminal: the model, the latencies, every deployment. */
final class ServingTable {
  private ServingTable() {}

  static void print(Path directory, PrintStream out) throws IOException {
    Path file = directory.resolve("serving.json");
    if (!Files.isRegularFile(file)) return;
    ServingReport r = new ObjectMapper().readValue(file.toFile(), ServingReport.class);
    if (r.architecture() == null) return;
    out.println();
    int epochs = r.validationAccuracy().size();
    row(out, "model", String.format(Locale.ROOT,
        "%s after %d epoch%s: validation %.4f, confirmation %.4f, test %.4f (search %.1f s, training %.1f s)",
        r.architecture(), epochs, epochs == 1 ? "" : "s", r.validationAccuracy().get(epochs - 1),
        r.confirmationAccuracy().get(epochs - 1), r.testAccuracy(), r.searchSeconds(), r.trainSeconds()));
    row(out, "wire", r.wire());
    row(out, "served", String.format(Locale.ROOT, "%d / %d requests, accuracy %.4f", r.served(), r.requests(), r.servedAccuracy()));
    row(out, "latency", "mean " + PlanText.ms(r.meanLatencyMs()) + ", p50 " + PlanText.ms(r.p50LatencyMs())
        + ", p95 " + PlanText.ms(r.p95LatencyMs()));
    for (ServingReport.DeploymentRecord d : r.deployments()) {
      row(out, "deployment " + d.epoch(), d.trigger() + " at request " + d.request() + ": " + d.placement());
      row(out, "", String.format(Locale.ROOT, "%d requests: predicted %s, measured %s (mean of the last %d), worst %s",
          d.served(), PlanText.ms(d.predictedMs()), ms(d.latencyAfterMs()), Math.min(d.served(), ServingReport.LATENCY_WINDOW), ms(d.worstLatencyMs())));
      row(out, "", String.format(Locale.ROOT, "virtual: fault %s, decided %s, serving from %s; %d transfer%s, %s moved",
          PlanText.ms(d.faultMs()), PlanText.ms(d.decidedMs()), PlanText.ms(d.readyMs()), d.transfers(),
          d.transfers() == 1 ? "" : "s", Units.bytes(d.bytesMoved())));
      String detected = d.detectionWallMs() == null ? "" : "JVM halted, loss seen " + PlanText.ms(d.detectionWallMs()) + " later; ";
      row(out, "", String.format(Locale.ROOT, "wall: %splanned in %s, installed in %s, first answer %s after the decision",
          detected, PlanText.ms(d.planningWallMs()), PlanText.ms(d.installWallMs()), ms(d.toServingWallMs())));
    }
  }

  private static String ms(Double value) {
    return value == null ? "-" : PlanText.ms(value);
  }

  private static void row(PrintStream out, String label, String value) {
    out.printf(Locale.ROOT, "%-22s %s%n", label, value);
  }
}
