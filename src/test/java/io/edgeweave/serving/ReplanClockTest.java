package io.edgeweave.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.edgeweave.plan.Placement;
import io.edgeweave.serving.ServingReport.DeploymentRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplanClockTest {
  private static final Orchestration.Deployment DEPLOYMENT =
      new Orchestration.Deployment(2, new Placement(List.of("device", "edge"), List.of(0, 1, 3)), 5.5, List.of(), List.of(), 16_000);

  @Test
  void aRecordTimesThePlanningAndTheInstallationAndTakesTheDetectionSeenBeforeThePlan() {
    ReplanClock clock = new ReplanClock();
    clock.detected(4200);
    clock.decided("edge-1 crashed", 15_000, 10_000_000L);
    clock.planned(12_500_000L);
    DeploymentRecord record = clock.installed(60_000_000L, DEPLOYMENT, 300, 16_020, "device relay | edge 784→10");

    assertEquals(2, record.epoch());
    assertEquals("edge-1 crashed", record.trigger());
    assertEquals(300, record.request());
    assertEquals(15_000, record.faultMs());
    assertEquals(16_000, record.decidedMs());
    assertEquals(16_020, record.readyMs());
    assertEquals(4200.0, record.detectionWallMs());
    assertEquals(2.5, record.planningWallMs());
    assertEquals(47.5, record.installWallMs());
    assertNull(record.toServingWallMs(), "the first answer is the ledger's to time");
    assertEquals(90.0, clock.sinceDecisionMs(100_000_000L));

    clock.decided("edge-1 joined", 35_000, 200_000_000L);
    clock.planned(201_000_000L);
    assertNull(clock.installed(202_000_000L, DEPLOYMENT, 700, 35_010, "").detectionWallMs(), "a detection counts once");
  }
}
