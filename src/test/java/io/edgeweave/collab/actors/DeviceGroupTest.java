package io.edgeweave.collab.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.collab.DeviceFate;
import io.edgeweave.collab.DeviceRound;
import io.edgeweave.collab.Fleet;
import io.edgeweave.collab.RoundModel;
import io.edgeweave.collab.TrainingMeter;
import io.edgeweave.data.Datasets;
import io.edgeweave.data.TrainTest;
import io.edgeweave.nn.Networks;
import io.edgeweave.runtime.Runs;
import io.edgeweave.scenario.CollaborativeTrainingSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.tensor.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A group of devices, the sharded entity of a cluster run, without the sharding: woken, it names its devices; each
 * trains exactly as a device actor does (the same update, from the seed alone), once per round whatever the
 * duplicates; a crash is told to the cloud and the group goes on.
 */
class DeviceGroupTest {
  private static final ActorTestKit KIT = ActorTestKit.create(Runs.TEST_CONFIG);
  private static Scenario scenario;
  private static Fleet fleet;
  private static FleetSpec spec;

  @BeforeAll
  static void fleet() throws Exception {
    scenario = CollaborativeTrainingRunTest.scenario(
        "rounds = 2, participants = 4, local-steps = 2, batch-size = 8, deadline = 1 s, devices { count = 10, dropout = 0, crash = 0.5 }");
    TrainTest data = Datasets.load(scenario.data(), scenario.model(), scenario.seed());
    CollaborativeTrainingSpec workload = (CollaborativeTrainingSpec) scenario.workload();
    fleet = Fleet.of(workload, scenario.model(), scenario.data().sharding(), scenario.seed(), data, 1, new TrainingMeter());
    spec = new FleetSpec("run", workload, scenario.model(), scenario.data(), scenario.seed(), data.train().fingerprint(), 4);
  }

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void aWokenGroupTrainsItsDevicesAsDeviceActorsDoOncePerRoundAndReportsCrashes() {
    Tensor global = Tensor.of(Networks.whole(scenario.model(), scenario.seed()).params());
    List<String> woken = new ArrayList<>();
    DeviceGroup.FleetSource source = new DeviceGroup.FleetSource() {
      @Override
      public Fleet fleet(FleetSpec s) {
        return fleet;
      }

      @Override
      public void woken(String runId, ActorRef<DeviceGroup.Command> group, int devices, ActorRef<?> requester) {
        woken.add(runId);
      }

      @Override
      public Optional<RoundModel> model(
          String runId, int round, ActorRef<CollaborativeCloud.Command> cloud, ActorRef<DeviceGroup.Command> group) {
        return Optional.of(new RoundModel(round, global, round == 0 ? 0 : 9));
      }
    };
    ActorRef<DeviceGroup.Command> group = KIT.spawn(DeviceGroup.create(DeviceGroup.entityId("run", 2, "pekko://edgeweave@127.0.0.1:25521"), "jvm-a", source));
    TestProbe<DeviceHost.Hosted> hosted = KIT.createTestProbe();
    group.tell(new DeviceGroup.Wake(spec, hosted.getRef()));
    HostedDevices devices = ((DeviceHost.DevicesHosted) hosted.receiveMessage()).hosted();
    assertArrayEquals(new int[] {8, 9}, devices.devices(), "the last group holds what is left of the fleet");
    assertEquals("run#2#pekko://edgeweave@127.0.0.1:25521", devices.entityId());
    assertEquals(List.of("run"), woken);

    RoundModel model = new RoundModel(0, global, 0);
    TestProbe<DeviceLink.Command> link = KIT.createTestProbe();
    TestProbe<CollaborativeCloud.Command> cloud = KIT.createTestProbe();
    int crashing = IntStream.of(8, 9).filter(d -> fate(d) == DeviceFate.Kind.CRASH).findFirst().orElseThrow();
    int training = 17 - crashing;
    assertEquals(DeviceFate.Kind.NONE, fate(training), "the seed gives the group one device of each fate");
    for (int copy = 0; copy < 2; copy++) {
      for (int device : new int[] {training, crashing}) {
        group.tell(new DeviceGroup.Train(device, 0, 5, 0, link.getRef(), cloud.getRef()));
      }
    }

    DeviceLink.Up up = link.expectMessageClass(DeviceLink.Up.class);
    assertEquals(DeviceRound.run(fleet, training, model, 5, 0).update(), up.update(), "the update a device actor sends");
    assertEquals(new CollaborativeCloud.Crashed(0, crashing), cloud.receiveMessage());
    link.expectNoMessage(Duration.ofMillis(200));
    cloud.expectNoMessage(Duration.ZERO);

    group.tell(new DeviceGroup.Train(training, 1, 12, 9, link.getRef(), cloud.getRef()));
    assertEquals(1, link.expectMessageClass(DeviceLink.Up.class).update().round(), "the next round trains again");
    group.tell(new DeviceGroup.Train(training, 0, 5, 0, link.getRef(), cloud.getRef()));
    link.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void aGroupNotWokenIgnoresTheModel() {
    ActorRef<DeviceGroup.Command> group =
        KIT.spawn(DeviceGroup.create(DeviceGroup.entityId("run", 0, "pekko://edgeweave@127.0.0.1:25521"), "jvm-a", DeviceGroup.FleetSource.NONE));
    TestProbe<DeviceLink.Command> link = KIT.createTestProbe();
    TestProbe<CollaborativeCloud.Command> cloud = KIT.createTestProbe();
    group.tell(new DeviceGroup.Train(1, 0, 1, 0, link.getRef(), cloud.getRef()));
    link.expectNoMessage(Duration.ofMillis(200));
    assertTrue(cloud.receiveSeveralMessages(0).isEmpty());
  }

  @Test
  void groupsCoverTheFleet() {
    assertEquals(3, DeviceGroup.groups(4, 10));
    assertEquals(1, DeviceGroup.groups(1000, 10));
    assertArrayEquals(new int[] {4, 5, 6, 7}, DeviceGroup.devices(1, 4, 10));
  }

  private static DeviceFate.Kind fate(int device) {
    var d = ((CollaborativeTrainingSpec) scenario.workload()).devices();
    return DeviceFate.draw(scenario.seed(), 0, device, d.dropout(), d.crash(), 2).kind();
  }
}
