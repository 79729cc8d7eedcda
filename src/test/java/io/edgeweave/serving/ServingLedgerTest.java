package io.edgeweave.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.serving.ServingReport.DeploymentRecord;
import io.edgeweave.tensor.EncodedTensor;
import io.edgeweave.tensor.Encoding;
import io.edgeweave.training.Span;
import io.edgeweave.training.Span.Phase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServingLedgerTest {
  private static final List<String> NODES = List.of("device", "edge", "cloud");
  private static final List<String> LINKS = List.of("device-edge", "edge-cloud");

  @Test
  void anAnswerCountsItsCorrectRowsItsComputeItsTransfersAndItsResends() {
    ServingLedger ledger = started();
    // two samples of three classes: the first is right (class 2), the second wrong (says 0, is 1)
    ledger.answered(answer(0, 0, new float[] {0.1f, 0.2f, 0.7f, 0.5f, 0.3f, 0.2f}, 30, List.of(
        new Span("device", Phase.FORWARD, 10, 14, 0),
        new Span("device-edge", Phase.TRANSFER, 14, 20, 3136),
        new Span("device-edge", Phase.RETRY, 20, 20, 0),
        new Span("edge", Phase.FORWARD, 20, 30, 0))), 2, 10, new int[] {2, 1}, 3, 42);

    assertEquals(1, ledger.requestsAnswered());
    assertEquals(2, ledger.samples());
    assertEquals(0.5, ledger.servedAccuracy());
    assertEquals(2, ledger.retries(), "one resend on a hop and one request served a second time");
    assertEquals(30, ledger.lastAnswerMs());
    assertEquals(Map.of("device", 4.0, "edge", 10.0, "cloud", 0.0), ledger.computeMs());
    assertEquals(List.of("device", "edge", "cloud"), List.copyOf(ledger.computeMs().keySet()), "the scenario's order");
    assertEquals(6.0, ledger.commMs().get("device-edge"));
    assertEquals(20.0, ledger.records().get(0).latencyMs());
  }

  @Test
  void aDeploymentKeepsTheWallTimeToItsFirstAnswerOnly() {
    ServingLedger ledger = started();
    ledger.answered(answer(0, 0, new float[] {1, 0, 0}, 5, List.of()), 1, 0, new int[] {0}, 3, 12.5);
    ledger.answered(answer(0, 1, new float[] {1, 0, 0}, 9, List.of()), 1, 4, new int[] {0}, 3, 99);

    assertEquals(12.5, ledger.deployments().get(0).toServingWallMs());
  }

  @Test
  void theReportGivesLatencyPercentilesAndEachDeploymentsLatencyBeforeAndAfter() {
    ServingLedger ledger = started();
    for (int r = 0; r < 4; r++) {
      ledger.answered(answer(0, r, new float[] {1, 0, 0}, r * 10 + 1 + r, List.of()), 1, r * 10, new int[] {0}, 3, 1);
    }
    ledger.deployed(deployment(1, 4));
    for (int r = 4; r < 6; r++) {
      ledger.answered(answer(1, r, new float[] {1, 0, 0}, r * 10 + 8, List.of()), 1, r * 10, new int[] {0}, 3, 1);
    }

    ServingReport report = ledger.report(null, "float32", 10, 6, 5);

    assertNull(report.architecture(), "no model before the preparation ended");
    assertEquals(6, report.probeRounds());
    assertEquals(5, report.probeRoundsAskedAhead());
    assertEquals(6, report.served());
    assertEquals((1 + 2 + 3 + 4 + 8 + 8) / 6.0, report.meanLatencyMs(), 1e-12);
    assertEquals(3, report.p50LatencyMs(), "nearest rank: the third of six");
    assertEquals(8, report.p95LatencyMs());
    DeploymentRecord first = report.deployments().get(0);
    DeploymentRecord second = report.deployments().get(1);
    assertEquals(4, first.served());
    assertNull(first.latencyBeforeMs());
    assertEquals(2.5, first.latencyAfterMs());
    assertEquals(2.5, second.latencyBeforeMs());
    assertEquals(8.0, second.latencyAfterMs());
    assertEquals(8.0, second.worstLatencyMs());
  }

  @Test
  void theSummaryCountsTheAnsweredRequestsTheirAccuracyAndTheLinksTotals() {
    ServingLedger ledger = started();
    ledger.answered(answer(0, 0, new float[] {0.1f, 0.2f, 0.7f, 0.5f, 0.3f, 0.2f}, 30, List.of()), 2, 10, new int[] {2, 1}, 3, 42);
    Instant start = Instant.parse("2026-01-02T03:04:05Z");
    RunSummary done = ledger.summary("serve", 7, 5, new ServingLedger.Ending(RunStatus.FAILED, null, 900, 250, start,
        Map.of("edge", "jvm-1"), 1000, 2, 1, null));

    assertEquals(RunStatus.COMPLETED, done.status(), "no failure: completed");
    assertEquals(0.5, done.testAccuracy());
    assertEquals(5, done.steps());
    assertEquals(1, done.stepsCommitted());
    assertEquals(8.0, done.samplesPerSecond(), "2 samples in 250 ms of serving");
    assertEquals(30, done.virtualTimeMs());
    assertEquals(900, done.wallTimeMs());
    assertEquals(1000, done.linkBytes());
    assertEquals(2, done.messagesDropped());
    assertEquals(1, done.messagesDuplicated());
    assertEquals(1, done.retries(), "served a second time");
    assertEquals(Map.of("edge", "jvm-1"), done.placement());

    String why = ledger.stopped("SIGTERM", 0, true);
    assertEquals("stopped by SIGTERM after 1 answered requests (the trained model is saved)", why);
    RunSummary stopped = ledger.summary("serve", 7, 5, new ServingLedger.Ending(RunStatus.INTERRUPTED, why, 900, 0, start,
        Map.of(), 0, 0, 0, null));
    assertEquals(RunStatus.INTERRUPTED, stopped.status());
    assertEquals(0, stopped.samplesPerSecond(), "never served: no rate");
    assertEquals("stopped by SIGINT after 1 answered requests (checkpoint before request 1)", ledger.stopped("SIGINT", 1, true));
    assertNull(new ServingLedger(NODES, LINKS).summary("serve", 7, 5, new ServingLedger.Ending(RunStatus.FAILED, "no JVM", 10, 0,
        start, Map.of(), 0, 0, 0, null)).testAccuracy(), "nothing answered: no accuracy");
  }

  private static ServingLedger started() {
    ServingLedger ledger = new ServingLedger(NODES, LINKS);
    ledger.deployed(deployment(0, 0));
    return ledger;
  }

  private static DeploymentRecord deployment(int epoch, int request) {
    return new DeploymentRecord(epoch, epoch == 0 ? "start" : "edge crashed", request, 0, 0, 0, "device | edge", 5, 0, 0,
        null, 1, 1, null, 0, null, null, null);
  }

  private static Answer answer(int epoch, int request, float[] values, double timeMs, List<Span> trace) {
    int classes = 3;
    return new Answer(epoch, request, 1, EncodedTensor.of(Encoding.FLOAT32, new int[] {values.length / classes, classes}, values),
        timeMs, trace);
  }
}
