package io.edgeweave.collab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.data.DeviceShards;
import io.edgeweave.data.SyntheticDataset;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RoundRecord;
import io.edgeweave.nn.NetworkPool;
import io.edgeweave.scenario.CollaborativeTrainingSpec;
import io.edgeweave.scenario.DevicesSpec;
import io.edgeweave.scenario.Distribution;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.ShardingSpec;
import io.edgeweave.tensor.Tensor;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cloud's round logic, driven by hand: what closes a round, and what a crash means for later rounds. */
class RoundCoordinatorTest {
  private static final ModelSpec MODEL = new ModelSpec("mlp", 4, List.of(), 2, "relu", "sgd", 0.1);
  private static final TrainingMeter.Reading MEASURED = new TrainingMeter.Reading(1, 1);

  static Fleet fleet(int devices, int perRound) {
    return fleet(devices, perRound, 0);
  }

  /** @param crash probability that a selected device's actor fails in a round */
  static Fleet fleet(int devices, int perRound, double crash) {
    TrainTest data = SyntheticDataset.generate(1, 200, 20, 4, 2);
    DevicesSpec spec = new DevicesSpec(devices, Distribution.fixed(1e9), Distribution.fixed(1e7), Distribution.fixed(1e7),
        Duration.ofMillis(10), Duration.ZERO, 0, 0, 0, crash, 10);
    CollaborativeTrainingSpec workload = new CollaborativeTrainingSpec(
        "cloud", spec, 10, 0, perRound, 1, 8, Duration.ofSeconds(1), "fedavg", 0, 0);
    return new Fleet(workload, MODEL, 5, "cloud", data,
        DeviceShards.sampled(data.train(), devices, 10, new ShardingSpec(ShardingSpec.Scheme.IID, 1, 1), 1),
        DeviceProfiles.draw(spec, 5), new NetworkPool(MODEL, 1), Algorithm.named("fedavg"), new TrainingMeter());
  }

  private static Tensor model(float value) {
    float[] values = new float[10];
    Arrays.fill(values, value);
    return Tensor.of(new int[] {1, 10}, values);
  }

  @Test
  void aRoundClosesWhenEveryDeviceIsAccountedForAndEveryDownlinkReported() {
    RoundCoordinator c = new RoundCoordinator(fleet(20, 3), model(0), 1e12);
    int[] selected = c.open(0);
    assertEquals(3, selected.length);
    for (int d : selected) c.transferred(0, d, false, 0, 100, 1, 1);

    c.transferred(0, selected[0], true, 0, 100, 1, 1);
    c.arrive(new DeviceUpdate(0, selected[0], model(3), 10, 1, 0.5, 5, 5, 20), 30);
    c.droppedOut(0, selected[1], 0);
    assertFalse(c.readyToClose());
    c.crashed(selected[2]);
    assertTrue(c.readyToClose());

    RoundRecord r = c.close(1, MEASURED, 1, null);
    assertEquals(1, r.arrived());
    assertEquals(1, r.droppedOut());
    assertEquals(1, r.crashed());
    assertEquals(400, r.linkBytes());
    assertEquals(1000 + r.aggregationMs(), r.endMs(), 1e-9, "a device is missing: the round waits for its deadline");
    assertEquals(model(3), c.global());
  }

  @Test
  void aDeviceOutcomeBeforeItsDownlinkReportKeepsTheRoundOpen() {
    RoundCoordinator c = new RoundCoordinator(fleet(20, 1), model(0), 1e12);
    int device = c.open(0)[0];
    c.droppedOut(0, device, 0);
    assertFalse(c.readyToClose(), "the link's report of the model it carried is still on its way");
    c.transferred(0, device, false, 0, 100, 2, 1);
    assertTrue(c.readyToClose());
    assertEquals(1, c.close(1, MEASURED, 1, null).transmissionsLost());
  }

  @Test
  void aDuplicatedUpdateKeepsTheRoundOpenUntilItsSecondCopyIsCounted() {
    RoundCoordinator c = new RoundCoordinator(fleet(20, 1), model(0), 1e12);
    int device = c.open(0)[0];
    c.transferred(0, device, false, 0, 100, 1, 1);
    c.transferred(0, device, true, 0, 100, 1, 2);
    DeviceUpdate update = new DeviceUpdate(0, device, model(2), 10, 1, 0.5, 5, 5, 20);
    c.arrive(update, 30);
    assertFalse(c.readyToClose(), "the link announced a second copy");
    c.arrive(update, 31);
    assertTrue(c.readyToClose());
    RoundRecord r = c.close(1, MEASURED, 1, null);
    assertEquals(1, r.arrived());
    assertEquals(1, r.duplicatesIgnored());
    assertEquals(1, r.transmissionsDuplicated());
    assertEquals(model(2), c.global());
  }

  @Test
  void aCrashedDeviceIsNeverSelectedAgain() {
    RoundCoordinator c = new RoundCoordinator(fleet(6, 6), model(0), 1e12);
    int[] all = c.open(0);
    assertEquals(6, all.length);
    for (int d : all) {
      c.transferred(0, d, false, 0, 1, 1, 1);
      if (d % 2 == 0) c.crashed(d); else c.droppedOut(0, d, 0);
    }
    c.close(1, MEASURED, 1, null);
    for (int round = 1; round < 5; round++) {
      int[] selected = c.open(round);
      assertEquals(3, selected.length);
      assertTrue(Arrays.stream(selected).allMatch(d -> d % 2 == 1), Arrays.toString(selected));
      c.giveUp();
      assertEquals(3, c.close(1, MEASURED, 1, null).unanswered());
    }
    assertEquals(3, c.goneCount());
  }

  @Test
  void aLinkThatLosesEveryAttemptMakesItsDeviceUnreachable() {
    RoundCoordinator c = new RoundCoordinator(fleet(20, 1), model(0), 1e12);
    int device = c.open(0)[0];
    c.transferred(0, device, false, 0, 500, 5, 0);
    assertTrue(c.readyToClose());
    RoundRecord r = c.close(1, MEASURED, 1, null);
    assertEquals(1, r.unreachable());
    assertEquals(5, r.transmissionsLost());
    assertThrows(IllegalStateException.class, () -> c.close(1, MEASURED, 1, null));
  }

  @Test
  void aDeviceStoppedWithItsJvmCrashesForThatRoundOnlyWhileOneWhoseFateIsACrashIsGoneForGood() {
    RoundCoordinator lostJvm = new RoundCoordinator(fleet(4, 4), model(0), 1e12);
    int[] all = lostJvm.open(0);
    for (int d : all) lostJvm.transferred(0, d, false, 0, 1, 1, 1);
    assertFalse(lostJvm.stopped(all[0]), "no crash was drawn: its JVM went");
    for (int d : all) lostJvm.lostWithJvm(d);
    assertEquals(4, lostJvm.close(1, MEASURED, 1, null).crashed());
    assertEquals(4, lostJvm.open(1).length, "every device takes part again");
    assertEquals(0, lostJvm.goneCount());

    RoundCoordinator fated = new RoundCoordinator(fleet(4, 4, 1.0), model(0), 1e12);
    int[] selected = fated.open(0);
    for (int d : selected) fated.transferred(0, d, false, 0, 1, 1, 1);
    for (int d : selected) assertTrue(fated.stopped(d), "its fate was a crash");
    assertEquals(4, fated.close(1, MEASURED, 1, null).crashed());
    assertEquals(4, fated.goneCount());
  }

  @Test
  void aCoordinatorFromTheStateAfterARoundGoesOnAsTheOneThatRanIt() {
    RoundCoordinator ran = new RoundCoordinator(fleet(6, 6), model(0), 1e12);
    int[] all = roundZero(ran);
    RoundCoordinator.State after = ran.state();
    assertEquals(1, after.nextRound());
    assertEquals(model(4), after.global());
    assertEquals(1000, after.clockMs(), 1e-6, "the round waited for its deadline");
    assertEquals(List.of(all[0]), Arrays.stream(after.gone()).boxed().toList());
    assertEquals(250, after.deviceClocksMs()[all[1]], "a dropout's clock, as it reported it");
    assertEquals(400, after.deviceClocksMs()[all[2]], "the clock its update left at");

    RoundCoordinator resumed = new RoundCoordinator(fleet(6, 6), after, 1e12);
    assertEquals(1, resumed.nextRound());
    assertArrayEquals(ran.open(1), resumed.open(1));
    assertEquals(5, resumed.selectedCount(), "the crashed device stays out");
    assertEquals(250, resumed.deviceClockMs(all[1]));
    assertEquals(ran.model().sentAtMs(), resumed.model().sentAtMs());
    assertEquals(ran.model().parameters(), resumed.model().parameters());
    assertThrows(IllegalStateException.class, resumed::state, "no state while a round is open");
  }

  /** Round 0 of six devices: one crashes, one drops out, one arrives, the others are given up on. */
  private static int[] roundZero(RoundCoordinator c) {
    int[] all = c.open(0);
    for (int d : all) c.transferred(0, d, false, 0, 1, 1, 1);
    c.crashed(all[0]);
    c.droppedOut(0, all[1], 250);
    c.transferred(0, all[2], true, 400, 1, 1, 1);
    c.arrive(new DeviceUpdate(0, all[2], model(4), 10, 1, 0.5, 5, 5, 400), 420);
    c.giveUp();
    c.close(1, MEASURED, 1, null);
    return all;
  }
}
