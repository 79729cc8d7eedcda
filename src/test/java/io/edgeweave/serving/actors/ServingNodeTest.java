package io.edgeweave.serving.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.edgeweave.fault.NodeFaultSchedule;
import io.edgeweave.nn.Networks;
import io.edgeweave.runtime.HostProcess;
import io.edgeweave.runtime.Runs;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.NodeSpec;
import io.edgeweave.serving.Answer;
import io.edgeweave.serving.Query;
import io.edgeweave.serving.Role;
import io.edgeweave.tensor.EncodedTensor;
import io.edgeweave.tensor.Encoding;
import io.edgeweave.tensor.Tensor;
import io.edgeweave.tensor.WireFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The source of a deployment, with a probe for its link to the next node and one for the orchestrator: it starts
 * requests, takes answers in once and only of the deployment in force, and stops when its crash window opens.
 */
class ServingNodeTest {
  private static final ActorTestKit KIT = ActorTestKit.create(Runs.TEST_CONFIG);
  private static final ModelSpec MODEL = new ModelSpec("mlp", 6, List.of(5), 3, "relu", "adam", 0.01);
  private static final List<String> PATH = List.of("device", "edge");
  private static final Duration QUIET = Duration.ofMillis(300);

  private TestProbe<ServingLink.Command> link;
  private TestProbe<ServingNode.Event> orchestrator;
  private ActorRef<ServingNode.Command> device;

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @BeforeEach
  void installedSource() {
    link = KIT.createTestProbe();
    orchestrator = KIT.createTestProbe();
    device = installed(new NodeFaultSchedule("device", List.of(), Set.of()));
  }

  /** The device, attached to its link and installed as the source of deployment 1, running block 0. */
  private ActorRef<ServingNode.Command> installed(NodeFaultSchedule faults) {
    TestProbe<ServingHost.Hosted> hosted = KIT.createTestProbe();
    ActorRef<ServingNode.Command> node = KIT.spawn(ServingNode.create(new NodeSpec("device", NodeRole.EDGE, 1e9, 1L << 30), 0,
        Runs.RUNTIME, faults, HostProcess.IN_PROCESS, Map.of("edge", link.ref()), hosted.ref()));
    link.expectMessageClass(ServingLink.Attach.class);
    node.tell(new ServingNode.LinkAttached("edge"));
    hosted.expectMessageClass(ServingHost.NodeHosted.class);
    node.tell(new ServingNode.Register(orchestrator.ref()));
    node.tell(new ServingNode.Assign(role(1), 0));
    float[] block = new float[(int) MODEL.layerParameters(0)];
    System.arraycopy(Tensor.of(Networks.whole(MODEL, 9).params()).toFloats(), 0, block, 0, block.length);
    node.tell(new ServingNode.ShipCheckpoint(1, 0, MODEL, 0, 1, Tensor.of(new int[] {block.length}, block), List.of("device"), 0));
    orchestrator.expectMessageClass(ServingNode.Installed.class);
    return node;
  }

  @Test
  void theSourceSendsItsQueryOverItsLinkAndReportsTheAnswerOnce() {
    device.tell(new ServingNode.Serve(1, 0, input(), 10, 0));
    Query query = query(link.expectMessageClass(ServingLink.Carry.class));
    assertEquals(0, query.request());
    assertEquals(10 + 60 / 1e6, query.timeMs(), 1e-12, "from its arrival: 2·6·5 FLOP at 1e9 FLOP/s");

    device.tell(new ServingNode.Deliver(answer(1, 0)));
    assertEquals(0, orchestrator.expectMessageClass(ServingNode.Completed.class).answer().request());
    device.tell(new ServingNode.Deliver(answer(1, 0)));
    orchestrator.expectNoMessage(QUIET);
  }

  @Test
  void aNewRoleDropsTheAnswersOfTheDeploymentBefore() {
    device.tell(new ServingNode.Serve(1, 0, input(), 10, 0));
    link.expectMessageClass(ServingLink.Carry.class);
    device.tell(new ServingNode.Assign(role(2), 25));
    orchestrator.expectMessageClass(ServingNode.Installed.class);

    device.tell(new ServingNode.Deliver(answer(1, 0)));
    device.tell(new ServingNode.Deliver(answer(2, 0)));
    assertEquals(2, orchestrator.expectMessageClass(ServingNode.Completed.class).answer().epoch());
    orchestrator.expectNoMessage(QUIET);
  }

  @Test
  void aNodeWhoseCrashWindowOpensTellsTheOrchestratorAndStops() {
    FaultSpec crash = new FaultSpec("device", FaultSpec.FaultKind.CRASH, OptionalInt.of(1), Optional.empty(), OptionalInt.empty(),
        Optional.empty(), 0, Duration.ZERO, Duration.ZERO, 0);
    ActorRef<ServingNode.Command> crashing = installed(new NodeFaultSchedule("device", List.of(crash), Set.of()));
    crashing.tell(new ServingNode.Serve(1, 0, input(), 10, 0));
    link.expectMessageClass(ServingLink.Carry.class);

    crashing.tell(new ServingNode.Serve(1, 1, input(), 20, 0));
    ServingNode.Crashing crashed = orchestrator.expectMessageClass(ServingNode.Crashing.class);
    assertEquals(new ServingNode.Crashing("device", 0, 20), crashed);
    orchestrator.expectTerminated(crashing);
    link.expectNoMessage(Duration.ZERO);
  }

  private static Role role(int epoch) {
    return new Role(epoch, MODEL, WireFormat.FLOAT32, PATH, 0, 0, 1);
  }

  private static EncodedTensor input() {
    return EncodedTensor.of(Encoding.FLOAT32, new int[] {1, 6}, new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f});
  }

  private static Answer answer(int epoch, int request) {
    return new Answer(epoch, request, 0, EncodedTensor.of(Encoding.FLOAT32, new int[] {1, 3}, new float[] {1, 0, 0}), 50, List.of());
  }

  private static Query query(ServingLink.Carry carry) {
    assertEquals("device", carry.senderNode());
    return assertInstanceOf(Query.class, carry.message());
  }
}
