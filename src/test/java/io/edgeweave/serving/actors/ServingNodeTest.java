package io.edgeweave.serving.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.edgeweave.fault.NodeFaultSchedule;
import io.edgeweave.nn.Networks;
import io.edgeweave.runtime.HostProcess;
import io.edgeweave.runtime.Runs;
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
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The source of a deployment, with a probe for its link to the next node and one for the orchestrator: a request
 * sent ahead starts only once the request before it is answered, and a new role forgets it.
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

  /** The device, attached to its link and installed as the source of deployment 1, running block 0. */
  @BeforeEach
  void installedSource() {
    link = KIT.createTestProbe();
    orchestrator = KIT.createTestProbe();
    TestProbe<ServingHost.Hosted> hosted = KIT.createTestProbe();
    device = KIT.spawn(ServingNode.create(new NodeSpec("device", NodeRole.EDGE, 1e9, 1L << 30), 0, Runs.RUNTIME,
        new NodeFaultSchedule("device", List.of(), Set.of()), HostProcess.IN_PROCESS, Map.of("edge", link.ref()), hosted.ref()));
    link.expectMessageClass(ServingLink.Attach.class);
    device.tell(new ServingNode.LinkAttached("edge"));
    hosted.expectMessageClass(ServingHost.NodeHosted.class);
    device.tell(new ServingNode.Register(orchestrator.ref()));
    device.tell(new ServingNode.Assign(role(1), 0));
    float[] block = new float[(int) MODEL.layerParameters(0)];
    System.arraycopy(Tensor.of(Networks.whole(MODEL, 9).params()).toFloats(), 0, block, 0, block.length);
    device.tell(new ServingNode.ShipCheckpoint(1, 0, MODEL, 0, 1, Tensor.of(new int[] {block.length}, block), List.of("device"), 0));
    orchestrator.expectMessageClass(ServingNode.Installed.class);
  }

  @Test
  void aRequestSentAheadStartsOnceTheRequestBeforeIsAnswered() {
    device.tell(new ServingNode.Serve(1, 0, input(), 10, 0, ServingNode.Serve.AT_ONCE));
    assertEquals(0, query(link.expectMessageClass(ServingLink.Carry.class)).request());

    device.tell(new ServingNode.Serve(1, 1, input(), 20, 0, 0));
    link.expectNoMessage(QUIET);

    device.tell(new ServingNode.Deliver(answer(1, 0)));
    assertEquals(0, orchestrator.expectMessageClass(ServingNode.Completed.class).answer().request());
    Query next = query(link.expectMessageClass(ServingLink.Carry.class));
    assertEquals(1, next.request());
    assertEquals(20 + 60 / 1e6, next.timeMs(), 1e-12, "from its own arrival: 2·6·5 FLOP at 1e9 FLOP/s");

    device.tell(new ServingNode.Serve(1, 2, input(), 30, 0, 1));
    link.expectNoMessage(QUIET);
    device.tell(new ServingNode.Deliver(answer(1, 1)));
    orchestrator.expectMessageClass(ServingNode.Completed.class);
    assertEquals(2, query(link.expectMessageClass(ServingLink.Carry.class)).request());
  }

  @Test
  void aRequestSentAfterTheOneBeforeWasAnsweredStartsAtOnce() {
    device.tell(new ServingNode.Serve(1, 0, input(), 10, 0, ServingNode.Serve.AT_ONCE));
    link.expectMessageClass(ServingLink.Carry.class);
    device.tell(new ServingNode.Deliver(answer(1, 0)));
    orchestrator.expectMessageClass(ServingNode.Completed.class);

    device.tell(new ServingNode.Serve(1, 1, input(), 20, 0, 0));
    assertEquals(1, query(link.expectMessageClass(ServingLink.Carry.class)).request());
  }

  @Test
  void aNewRoleForgetsARequestSentAhead() {
    device.tell(new ServingNode.Serve(1, 0, input(), 10, 0, ServingNode.Serve.AT_ONCE));
    link.expectMessageClass(ServingLink.Carry.class);
    device.tell(new ServingNode.Serve(1, 1, input(), 20, 0, 0));
    device.tell(new ServingNode.Assign(role(2), 25));
    orchestrator.expectMessageClass(ServingNode.Installed.class);

    device.tell(new ServingNode.Deliver(answer(1, 0)));
    device.tell(new ServingNode.Deliver(answer(2, 0)));
    ServingNode.Completed done = orchestrator.expectMessageClass(ServingNode.Completed.class);
    assertEquals(2, done.answer().epoch(), "the old deployment's answer is dropped");
    link.expectNoMessage(QUIET);

    device.tell(new ServingNode.Serve(2, 1, input(), 30, 0, ServingNode.Serve.AT_ONCE));
    assertEquals(1, query(link.expectMessageClass(ServingLink.Carry.class)).request(), "the new deployment serves on");
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
