package io.edgeweave.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioException;
import io.edgeweave.scenario.ScenarioLoader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class SplitRunLedgerTest {
  private static final Scenario SCENARIO = scenario();
  private static final SplitRunLedger.LinkTotals CARRIED = new SplitRunLedger.LinkTotals(4096, 2, 1, 0);

  @Test
  void aRecoveryForgetsTheStepsAfterTheCheckpointAndCountsThemRedoneOrLost() {
    SplitRunLedger ledger = new SplitRunLedger();
    for (int s = 0; s < 2; s++) ledger.commit(step(s, OptionalDouble.empty()));
    RunCheckpoint afterStep1 = ledger.checkpoint(SCENARIO, 1, List.of(), Map.of());
    ledger.checkpointSaved(afterStep1);
    for (int s = 2; s < 4; s++) ledger.commit(step(s, OptionalDouble.empty()));
    assertEquals(4, ledger.committed());

    assertTrue(ledger.recoveryStarted());
    assertEquals(2, ledger.resumeFrom(afterStep1), "the run goes on after the checkpoint's step");
    assertEquals(2, ledger.committed(), "steps 2 and 3 are forgotten");
    ledger.recovered(250);
    for (int s = 2; s < 6; s++) ledger.commit(step(s, s == 5 ? OptionalDouble.of(0.75) : OptionalDouble.empty()));

    RunSummary summary = ledger.summary(SCENARIO, 6, 32, ending(null));
    assertEquals(RunStatus.COMPLETED, summary.status());
    assertEquals(0.75, summary.testAccuracy());
    assertEquals(6, summary.stepsCommitted());
    assertEquals(1, summary.recovery().recoveries());
    assertEquals(2, summary.recovery().stepsRedone(), "steps 2 and 3 ran twice");
    assertEquals(0, summary.recovery().stepsLost(), "nothing behind the checkpoint on disk was lost");
    assertEquals(List.of(2), summary.recovery().resumedFromSteps());
    assertEquals(250, summary.recovery().recoveryWallMs());
    assertEquals(1, summary.recovery().lastCheckpointStep());
    assertEquals(6 * 4.0, summary.computeMsByNode().get("device-1"), 1e-9);
    assertEquals(4096, summary.linkBytes());
  }

  @Test
  void aResumptionFromAnOlderCheckpointThanTheNewestCountsTheStepsBetweenAsLost() {
    SplitRunLedger ledger = new SplitRunLedger();
    for (int s = 0; s < 2; s++) ledger.commit(step(s, OptionalDouble.empty()));
    RunCheckpoint afterStep1 = ledger.checkpoint(SCENARIO, 1, List.of(), Map.of());
    ledger.checkpointSaved(afterStep1);
    for (int s = 2; s < 6; s++) ledger.commit(step(s, OptionalDouble.empty()));
    ledger.checkpointSaved(ledger.checkpoint(SCENARIO, 5, List.of(), Map.of()));

    assertEquals(2, ledger.resumeFrom(afterStep1), "the newest checkpoint could not be read back");

    RunSummary summary = ledger.summary(SCENARIO, 6, 32, ending(null));
    assertEquals(4, summary.recovery().stepsLost(), "steps 2–5 were on disk, and are lost");
    assertEquals(0, summary.recovery().stepsRedone());
  }

  @Test
  void theRunGivesUpAfterTooManyRecoveriesWithoutAStepAndAFailureHasNoAccuracy() {
    SplitRunLedger ledger = new SplitRunLedger();
    for (int i = 0; i < SplitRunLedger.MAX_RECOVERIES_WITHOUT_PROGRESS; i++) assertTrue(ledger.recoveryStarted());
    assertFalse(ledger.recoveryStarted());
    ledger.commit(step(0, OptionalDouble.of(0.5)));
    assertTrue(ledger.recoveryStarted(), "a committed step starts the count again");

    RunSummary summary = ledger.summary(SCENARIO, 6, 32, ending("lost node cloud"));
    assertEquals(RunStatus.FAILED, summary.status());
    assertNull(summary.testAccuracy());
    assertEquals(SplitRunLedger.MAX_RECOVERIES_WITHOUT_PROGRESS + 1, summary.recovery().recoveries());
  }

  private static SplitRunLedger.Ending ending(String failure) {
    return new SplitRunLedger.Ending(
        RunStatus.FAILED, failure, 1000, Instant.parse("2026-12-06T10:00:00Z"), Map.of(), CARRIED, 0, null);
  }

  private static StepRecord step(int step, OptionalDouble accuracy) {
    return new StepRecord(step, 1.0, 10.0 * (step + 1), 10.0, Map.of("device-1", 4.0), Map.of("device-cloud", 6.0),
        512, 0, 2.0, accuracy);
  }

  private static Scenario scenario() {
    try {
      return ScenarioLoader.parse("""
          name = ledger
          nodes { device-1 { role = edge }, cloud { role = cloud } }
          links { device-cloud { from = device-1, to = cloud } }
          workload { path = [device-1, cloud], cuts = [1], steps = 6 }
          """, "ledger.conf", List.of());
    } catch (ScenarioException e) {
      throw new IllegalStateException(e);
    }
  }
}
