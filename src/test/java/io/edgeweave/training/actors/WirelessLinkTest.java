package io.edgeweave.training.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.runtime.LinkStats;
import io.edgeweave.runtime.Runs;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.RuntimeSpec;
import io.edgeweave.tensor.Tensor;
import io.edgeweave.training.Activations;
import io.edgeweave.training.Errors;
import io.edgeweave.training.Span;
import io.edgeweave.training.StepMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A link actor stamps delivery times, carries both ways, reports losses to the sender, counts. */
class WirelessLinkTest {
  private static final ActorTestKit KIT = ActorTestKit.create(Runs.TEST_CONFIG);
  private static final Tensor VALUES = Tensor.of(new int[] {2, 118}, new float[236]); // 944 bytes

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  /** Resends 30 ms apart, at most 3 (the tests' usual runtime allows 200). */
  private static final RuntimeSpec RUNTIME =
      new RuntimeSpec(Duration.ofMillis(30), 3, 0, Duration.ofSeconds(30), 0, RuntimeSpec.OnDivergence.STOP, Duration.ZERO);

  private static Activations activations(int step, int attempt, double timeMs) {
    return new Activations(step, 0, attempt, VALUES, new int[] {1, 2}, timeMs, List.of());
  }

  private static ActorRef<WirelessLink.Command> spawn(
      LinkSpec spec, TestProbe<PartitionHost.Command> from, TestProbe<PartitionHost.Command> to) {
    return KIT.spawn(WirelessLink.create(spec, List.of(), 1, RUNTIME, from.getRef(), to.getRef(), Optional.empty()));
  }

  @Test
  void deliversForwardAndBackwardWithVirtualDeliveryTimes() {
    TestProbe<PartitionHost.Command> device = KIT.createTestProbe();
    TestProbe<PartitionHost.Command> edge = KIT.createTestProbe();
    // 8 Mbit/s = 1000 bytes per ms; 944 + 8 + 64 = 1016 bytes → 1.016 ms, plus 5 ms propagation
    LinkSpec spec = Runs.link("l", "device", "edge", 8e6, 5);
    ActorRef<WirelessLink.Command> link = spawn(spec, device, edge);

    link.tell(new WirelessLink.Carry("device", activations(0, 0, 10.0)));
    var forward = (Activations) ((PartitionHost.Deliver) edge.receiveMessage()).message();
    link.tell(new WirelessLink.Carry("edge", new Errors(0, 0, 0, VALUES, 0.5, 20.0, List.of())));
    var backward = (Errors) ((PartitionHost.Deliver) device.receiveMessage()).message();

    assertEquals(16.016, forward.timeMs(), 1e-9);
    assertEquals(new Span("l", Span.Phase.TRANSFER, 10.0, 16.016, 1016), forward.trace().get(0));
    assertEquals(20.0 + (944 + 64) / 1000.0 + 5, backward.timeMs(), 1e-9);
  }

  @Test
  void aLostMessageIsSentAgainByTheLinkAndReportedToItsSenderOnlyWhenTheLinkGivesUp() {
    TestProbe<PartitionHost.Command> device = KIT.createTestProbe();
    TestProbe<PartitionHost.Command> edge = KIT.createTestProbe();
    LinkSpec lossy = Runs.impaired(Runs.link("lossy", "device", "edge", 8e6, 5), 1.0, 0, 0);
    ActorRef<WirelessLink.Command> link = spawn(lossy, device, edge);

    Activations sent = activations(3, 0, 10);
    link.tell(new WirelessLink.Carry("device", sent));

    var lost = (Activations) ((PartitionHost.Lost) device.receiveMessage()).message();
    assertEquals(List.of(3, 3, sent.values()), List.of(lost.step(), lost.attempt(), lost.values()), "the last of 3 resends");
    assertEquals(10 + 3 * 30, lost.timeMs(), 1e-9);
    assertEquals(3, lost.trace().stream().filter(span -> span.phase() == Span.Phase.RETRY).count());
    edge.expectNoMessage(Duration.ofMillis(50));
    device.expectNoMessage(Duration.ofMillis(10));
    TestProbe<LinkStats> stats = KIT.createTestProbe();
    link.tell(new WirelessLink.GetStats(stats.getRef()));
    assertEquals(new LinkStats("lossy", 4 * 1016, 4, 4, 0, 0), stats.receiveMessage());
  }

  @Test
  void aResentMessageArrivesAsTheAttemptThatGotThrough() {
    TestProbe<PartitionHost.Command> device = KIT.createTestProbe();
    TestProbe<PartitionHost.Command> edge = KIT.createTestProbe();
    LinkSpec halfLossy = Runs.impaired(Runs.link("half", "device", "edge", 8e6, 5), 0.5, 0, 0);
    ActorRef<WirelessLink.Command> link =
        KIT.spawn(WirelessLink.create(halfLossy, List.of(), 1, Runs.RUNTIME, device.getRef(), edge.getRef(), Optional.empty()));

    for (int step = 0; step < 20; step++) link.tell(new WirelessLink.Carry("device", activations(step, 0, 1000 * step)));

    List<StepMessage> delivered = new ArrayList<>();
    for (int i = 0; i < 20; i++) delivered.add(((PartitionHost.Deliver) edge.receiveMessage(Duration.ofSeconds(2))).message());
    device.expectNoMessage(Duration.ofMillis(50));
    edge.expectNoMessage(Duration.ofMillis(50));
    int resent = 0;
    for (int i = 0; i < delivered.size(); i++) {
      StepMessage m = delivered.get(i);
      if (i > 0) assertTrue(m.step() > delivered.get(i - 1).step(), "in the order they were sent");
      assertEquals(1000 * m.step() + 30 * m.attempt() + 1016 * 8 / 8e3 + 5, m.timeMs(), 1e-9);
      if (m.attempt() > 0) resent++;
    }
    assertTrue(resent > 0, "some of 20 messages at 50% loss need a resend");
  }

  /**
   * A duplicated message arrives twice. A copy held back arrives later in virtual time, not on the wall clock: both
   * copies of a duplicated, reordered message reach the node at once, the duplicate (earlier in virtual time) first,
   * before anything sent later.
   */
  @Test
  void aDuplicatedMessageArrivesTwiceAndAHeldBackCopyAtOnceAfterItsDuplicate() {
    TestProbe<PartitionHost.Command> device = KIT.createTestProbe();
    TestProbe<PartitionHost.Command> edge = KIT.createTestProbe();
    LinkSpec shuffling = Runs.impaired(Runs.link("shuffle", "device", "edge", 8e6, 5), 0, 1.0, 1.0);
    ActorRef<WirelessLink.Command> link = spawn(shuffling, device, edge);

    link.tell(new WirelessLink.Carry("device", activations(0, 0, 0)));
    link.tell(new WirelessLink.Carry("device", activations(1, 0, 1)));

    List<Double> arrivals = new ArrayList<>();
    List<Integer> steps = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      StepMessage m = ((PartitionHost.Deliver) edge.receiveMessage(Duration.ofMillis(500))).message();
      arrivals.add(m.timeMs());
      steps.add(m.step());
    }
    assertEquals(List.of(0, 0, 1, 1), steps);
    assertTrue(arrivals.get(0) < arrivals.get(1), "duplicate first: " + arrivals);
    assertEquals(6.016 + 2 * 5 + 1, arrivals.get(1), 1e-9); // held back by 2 × propagation + 1 ms
  }
}
