package io.edgeweave.training.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.channel.DigitalLinkModel;
import io.edgeweave.channel.LinkState;
import io.edgeweave.channel.MimoChannel;
import io.edgeweave.nn.Partition;
import io.edgeweave.runtime.Runs;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.MimoSpec;
import io.edgeweave.scenario.Seeds;
import io.edgeweave.tensor.Tensor;
import io.edgeweave.training.Activations;
import io.edgeweave.training.Errors;
import io.edgeweave.training.Inference;
import io.edgeweave.training.SplitWorker;
import io.edgeweave.training.StepResult;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The MIMO channel H lives only in the link: no message any actor sends or receives, and no state a node
 * keeps, can hold it; what a node receives is the channel's output, never the channel.
 */
class ChannelStaysInTheLinkTest {
  private static final ActorTestKit KIT = ActorTestKit.create(Runs.TEST_CONFIG);
  private static final MimoSpec CHANNEL =
      new MimoSpec(3, 2, true, MimoSpec.ChannelModel.STATIC, 0, 1, 0, 0,
          Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1e6, 1, 0, MimoSpec.Payload.ACTIVATIONS, MimoSpec.Estimation.NONE);

  /**
   * A link's state for a checkpoint leaves the link (to the director and back into a new link actor), but not the
   * channel: H is a function of the seed, the step and the channel epoch, computed again wherever the link resumes.
   */
  private static final Set<Class<?>> LINK_CHECKPOINT = Set.of(LinkState.class, DigitalLinkModel.State.class);

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void noMessageTypeCanCarryAChannel() {
    Set<Class<?>> seen = new HashSet<>();
    Deque<Type> todo = new ArrayDeque<>();
    Stream.of(PartitionHost.class, WirelessLink.class, SplitTrainingDirector.class, MetricsSink.class)
        .flatMap(c -> Stream.of(c.getDeclaredClasses()))
        .filter(Class::isRecord)
        .forEach(todo::add);
    Stream.of(Activations.class, Errors.class, Inference.class, StepResult.class).forEach(todo::add);
    while (!todo.isEmpty()) {
      Type type = todo.pop();
      if (type instanceof ParameterizedType p) {
        todo.push(p.getRawType());
        for (Type argument : p.getActualTypeArguments()) todo.push(argument);
        continue;
      }
      if (!(type instanceof Class<?> c) || !seen.add(c)) continue;
      boolean checkpoint = LINK_CHECKPOINT.contains(c);
      assertFalse(c.getPackageName().equals("io.edgeweave.channel") && !checkpoint, "a message holds " + c.getName());
      assertFalse(c == double[][].class || c == float[][].class, "a message holds " + c);
      if (c.isRecord()) {
        for (RecordComponent rc : c.getRecordComponents()) {
          // a link's checkpoint holds its queues' busy times and when its faults opened, one number each
          if (!(checkpoint && rc.getType() == double[].class)) todo.push(rc.getGenericType());
        }
      }
      assertFalse(c == double[].class, "a message holds " + c);
    }
    assertTrue(seen.contains(Tensor.class), "tensors are the only numeric payload");
  }

  @Test
  void noNodeStateCanHoldAChannel() {
    for (Class<?> c : List.of(PartitionHost.class, SplitWorker.class, Partition.class)) {
      for (Field f : c.getDeclaredFields()) {
        assertFalse(f.getType().getPackageName().equals("io.edgeweave.channel"), c.getSimpleName() + "." + f.getName());
      }
    }
  }

  @Test
  void theReceiverGetsTheChannelsOutputAndTheTransmitterTheReciprocalError() {
    TestProbe<PartitionHost.Command> device = KIT.createTestProbe();
    TestProbe<PartitionHost.Command> cloud = KIT.createTestProbe();
    LinkSpec spec = Runs.overTheAir("air", "device", "cloud", CHANNEL);
    ActorRef<WirelessLink.Command> link =
        KIT.spawn(WirelessLink.create(spec, List.of(), 7, io.edgeweave.runtime.Runs.RUNTIME, device.getRef(), cloud.getRef(), Optional.empty()));
    double[][] h = new MimoChannel(CHANNEL, Seeds.derive(7, "channel/air")).at(0, 0);

    float[] x = {1, 0, 0, 0, 0, 0, 0.5f, 0, 0, 0, 0, -1};
    link.tell(new WirelessLink.Carry("device", new Activations(0, 0, 0, Tensor.of(new int[] {2, 6}, x), new int[] {1, 2}, 0, List.of())));
    Activations received = (Activations) ((PartitionHost.Deliver) cloud.receiveMessage()).message();
    assertArrayEquals(new int[] {2, 4}, received.values().shape(), "receive antennas, real and imaginary");
    float[] y = received.values().toFloats();
    for (int i = 0; i < 4; i++) {
      assertEquals(h[i][0], y[i], 1e-6);
      assertEquals(0.5 * h[i][0] - h[i][5], y[4 + i], 1e-6);
    }

    float[] g = {1, 0, 0, 0, 0, 0, 0, 2};
    link.tell(new WirelessLink.Carry("cloud", new Errors(0, 0, 0, Tensor.of(new int[] {2, 4}, g), 0.1, 5, List.of())));
    Errors back = (Errors) ((PartitionHost.Deliver) device.receiveMessage()).message();
    assertArrayEquals(new int[] {2, 6}, back.values().shape(), "transmit antennas");
    float[] e = back.values().toFloats();
    for (int j = 0; j < 6; j++) {
      assertEquals(h[0][j], e[j], 1e-6);
      assertEquals(2 * h[3][j], e[6 + j], 1e-6);
    }
  }
}
