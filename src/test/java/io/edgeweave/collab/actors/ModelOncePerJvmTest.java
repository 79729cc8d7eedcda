package io.edgeweave.collab.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.edgeweave.collab.DeviceRound;
import io.edgeweave.collab.Fleet;
import io.edgeweave.collab.RoundModel;
import io.edgeweave.collab.TrainingMeter;
import io.edgeweave.data.Datasets;
import io.edgeweave.data.TrainTest;
import io.edgeweave.nn.Networks;
import io.edgeweave.runtime.HostProcess;
import io.edgeweave.runtime.HostedJvm;
import io.edgeweave.runtime.JvmData;
import io.edgeweave.runtime.NodeAgent;
import io.edgeweave.runtime.Runs;
import io.edgeweave.scenario.CollaborativeTrainingSpec;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.tensor.Tensor;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A round's model reaches a JVM of device groups once, not once per device: a one-JVM cluster of role edge with a real
 * {@link DeviceHost} and three groups woken through the sharding. Every device of a round gets its train (some twice)
 * before the model; the host asks the cloud once per round, and each device trains once on that model, as a device
 * actor would. What a device's train costs on the wire is a small fraction of the model.
 */
class ModelOncePerJvmTest {
  private static final ActorTestKit KIT = ActorTestKit.create(
      ConfigFactory.parseString("pekko.cluster.roles = [" + NodeRole.EDGE.configName() + "]").withFallback(Runs.TEST_CONFIG));
  private static final int DEVICES = 10;
  private static Scenario scenario;
  private static Fleet fleet;
  private static FleetSpec spec;
  private static Tensor global;

  @BeforeAll
  static void cluster() throws Exception {
    Cluster cluster = Cluster.get(KIT.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    scenario = CollaborativeTrainingRunTest.scenario("rounds = 2, participants = 10, local-steps = 2, batch-size = 8, "
        + "deadline = 1 s, devices { count = " + DEVICES + ", dropout = 0, crash = 0 }");
    TrainTest data = Datasets.load(scenario.data(), scenario.model(), scenario.seed());
    CollaborativeTrainingSpec workload = (CollaborativeTrainingSpec) scenario.workload();
    fleet = Fleet.of(workload, scenario.model(), scenario.data().sharding(), scenario.seed(), data, 1, new TrainingMeter());
    spec = new FleetSpec("run", workload, scenario.model(), scenario.data(), scenario.seed(), data.train().fingerprint(), 4);
    global = Tensor.of(Networks.whole(scenario.model(), scenario.seed()).params());
    TestProbe<NodeAgent.Command> agent = KIT.createTestProbe();
    ActorRef<DeviceHost.Command> host = KIT.spawn(DeviceHost.create(new HostedJvm("jvm-a", Set.of(NodeRole.EDGE),
        HostProcess.IN_PROCESS, JvmData.holding(data), agent.getRef())));
    TestProbe<DeviceHost.Description> described = KIT.createTestProbe();
    host.tell(new DeviceHost.Describe(described.getRef()));
    described.receiveMessage(); // the host is up, and with it the sharding of groups here
    while (!cluster.selfMember().status().equals(MemberStatus.up())) Thread.sleep(10);
  }

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void theHostAsksTheCloudOncePerRoundAndEveryDeviceTrainsOnceOnIt() {
    String home = Cluster.get(KIT.system()).selfMember().address().toString();
    TestProbe<DeviceHost.Hosted> hosted = KIT.createTestProbe();
    EntityRef<DeviceGroup.Command>[] groups = groupRefs(home);
    for (EntityRef<DeviceGroup.Command> group : groups) group.tell(new DeviceGroup.Wake(spec, hosted.getRef()));
    for (int g = 0; g < groups.length; g++) hosted.expectMessageClass(DeviceHost.DevicesHosted.class, Duration.ofSeconds(20));

    TestProbe<DeviceLink.Command> link = KIT.createTestProbe();
    TestProbe<CollaborativeCloud.Command> cloud = KIT.createTestProbe();
    for (int round = 0; round < 2; round++) {
      RoundModel model = new RoundModel(round, global, 10.0 * round);
      for (int copy = 0; copy < 2; copy++) {
        for (int d = 0; d < DEVICES; d++) {
          groups[d / spec.devicesPerEntity()].tell(new DeviceGroup.Train(d, round, 5 + round, round, link.getRef(), cloud.getRef()));
        }
      }
      CollaborativeCloud.SendModel asked = cloud.expectMessageClass(CollaborativeCloud.SendModel.class);
      assertEquals(round, asked.round());
      assertEquals("run", asked.runId());
      link.expectNoMessage(Duration.ofMillis(300)); // no device trains before the model is there
      cloud.expectNoMessage(Duration.ZERO); // and the JVM asked once, for all its groups
      asked.replyTo().tell(new DeviceHost.ModelOfRound("run", model));

      Set<Integer> trained = new TreeSet<>();
      for (int i = 0; i < DEVICES; i++) {
        DeviceLink.Up up = link.expectMessageClass(DeviceLink.Up.class, Duration.ofSeconds(20));
        assertTrue(trained.add(up.update().device()), "device " + up.update().device() + " trained twice");
        assertEquals(DeviceRound.run(fleet, up.update().device(), model, 5 + round, round).update(), up.update(),
            "the update a device actor sends");
      }
      assertEquals(IntStream.range(0, DEVICES).boxed().toList(), List.copyOf(trained));
      link.expectNoMessage(Duration.ofMillis(200));
      cloud.expectNoMessage(Duration.ZERO);
    }
  }

  @Test
  void aDevicesTrainCarriesNotTheModel() throws Exception {
    var serialization = SerializationExtension.get(Adapter.toClassic(KIT.system()));
    TestProbe<DeviceLink.Command> link = KIT.createTestProbe();
    TestProbe<CollaborativeCloud.Command> cloud = KIT.createTestProbe();
    int train = serialization.serialize(new DeviceGroup.Train(3, 7, 5, 0, link.getRef(), cloud.getRef())).get().length;
    int model = serialization.serialize(new DeviceHost.ModelOfRound("run", new RoundModel(7, global, 0))).get().length;
    assertTrue(model > global.byteSize(), "the model crosses whole: " + model + " B");
    assertTrue(train < 256, "a device's train is " + train + " B, the model " + model + " B");
  }

  @SuppressWarnings("unchecked")
  private static EntityRef<DeviceGroup.Command>[] groupRefs(String home) {
    ClusterSharding sharding = ClusterSharding.get(KIT.system());
    return IntStream.range(0, DeviceGroup.groups(spec.devicesPerEntity(), DEVICES))
        .mapToObj(g -> sharding.entityRefFor(DeviceGroup.KEY, DeviceGroup.entityId(spec.runId(), g, home)))
        .toArray(EntityRef[]::new);
  }
}
