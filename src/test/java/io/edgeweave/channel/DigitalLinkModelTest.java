package io.edgeweave.channel;

import static io.edgeweave.fault.TestLinks.cleanLink;
import static io.edgeweave.fault.TestLinks.delay;
import static io.edgeweave.fault.TestLinks.link;
import static io.edgeweave.fault.TestLinks.partition;
import static io.edgeweave.fault.TestLinks.rate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.fault.TestLinks.Window;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.LinkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class DigitalLinkModelTest {

  /** Tolerance in ms; times here reach 2·10⁸ ms, where doubles resolve about 3·10⁻⁸ ms. */
  private static final double EPS = 1e-6;
  private static final double MBPS_100 = 100e6;
  private static final long MEGABYTE = 1_000_000;
  /** Far longer than any message here takes, so consecutive messages never queue. */
  private static final double GAP_MS = 10_000;

  private static DigitalLinkModel model(LinkSpec spec, FaultSpec... faults) {
    return new DigitalLinkModel(spec, List.of(faults), 42);
  }

  @Test
  void cleanMessageArrivesAfterSerializationAndPropagation() {
    // 1000 B · 8 / 100 Mbit/s = 0.08 ms, plus 5 ms propagation.
    Transmission sent = model(cleanLink(MBPS_100, 5)).transmit(Direction.FORWARD, 0, 0, 1000, 0);

    assertEquals(0.08, sent.serializationMs(), EPS);
    assertEquals(List.of(new Delivery(sent.firstDeliveryMs(), false)), sent.deliveries());
    assertEquals(5.08, sent.firstDeliveryMs(), EPS);
  }

  @Test
  void aLinkRestoredFromItsStateCarriesOnExactlyLikeTheOriginal() {
    FaultSpec slowLater = rate(1e6, Window.fromStep(3).untilStep(6));
    DigitalLinkModel original = model(link(MBPS_100, 5, 2, 0.2, 0.1, 0.1), slowLater);
    for (int step = 0; step < 4; step++) original.transmit(Direction.FORWARD, step, 0, MEGABYTE, step * 10.0);

    DigitalLinkModel copy = model(link(MBPS_100, 5, 2, 0.2, 0.1, 0.1), slowLater);
    copy.restore(original.state());

    for (int step = 4; step < 8; step++) {
      assertEquals(
          original.transmit(Direction.FORWARD, step, 0, MEGABYTE, step * 10.0),
          copy.transmit(Direction.FORWARD, step, 0, MEGABYTE, step * 10.0),
          "message of step " + step);
    }
  }

  @Test
  void backToBackMessagesQueueInOneDirectionOnly() {
    // 1 MB at 100 Mbit/s = 80 ms on the wire.
    DigitalLinkModel model = model(cleanLink(MBPS_100, 5));

    Transmission first = model.transmit(Direction.FORWARD, 0, 0, MEGABYTE, 0);
    Transmission second = model.transmit(Direction.FORWARD, 1, 0, MEGABYTE, 0);
    Transmission reply = model.transmit(Direction.BACKWARD, 0, 0, MEGABYTE, 0);

    assertEquals(85, first.firstDeliveryMs(), EPS);
    assertEquals(80, second.startTimeMs(), EPS);
    assertEquals(165, second.firstDeliveryMs(), EPS);
    assertEquals(0, reply.startTimeMs());
    assertEquals(85, reply.firstDeliveryMs(), EPS);
  }

  @Test
  void droppedMessageStillOccupiesTheTransmitter() {
    DigitalLinkModel model = model(link(MBPS_100, 5, 0, 1, 0, 0));

    Transmission lost = model.transmit(Direction.FORWARD, 0, 0, MEGABYTE, 0);
    Transmission next = model.transmit(Direction.FORWARD, 1, 0, 1000, 10);

    assertTrue(lost.dropped());
    assertFalse(lost.partitioned());
    assertEquals(80, next.startTimeMs(), EPS);
  }

  @Test
  void rateFaultSlowsSerializationOnlyInsideItsWindow() {
    // 1000 B at 10 Mbit/s = 0.8 ms instead of 0.08 ms.
    DigitalLinkModel model =
        model(cleanLink(MBPS_100, 5), rate(10e6, Window.fromStep(3).untilStep(5)));

    double[] serializationMs = new double[6];
    for (int step = 0; step < 6; step++) {
      serializationMs[step] =
          model.transmit(Direction.FORWARD, step, 0, 1000, step * GAP_MS).serializationMs();
    }

    assertEquals(0.08, serializationMs[2], EPS);
    assertEquals(0.8, serializationMs[3], EPS);
    assertEquals(0.8, serializationMs[4], EPS);
    assertEquals(0.08, serializationMs[5], EPS);
  }

  @Test
  void delayFaultAddsItsDelay() {
    DigitalLinkModel model = model(cleanLink(MBPS_100, 5), delay(20, 0, Window.always()));

    assertEquals(25.08, model.transmit(Direction.FORWARD, 0, 0, 1000, 0).firstDeliveryMs(), EPS);
  }

  @Test
  void delayFaultJitterStaysWithinItsBound() {
    DigitalLinkModel model = model(cleanLink(MBPS_100, 5), delay(20, 4, Window.always()));

    for (int step = 0; step < 200; step++) {
      double latencyMs = model.transmit(Direction.FORWARD, step, 0, 1000, step * GAP_MS)
          .firstDeliveryMs() - step * GAP_MS;
      assertTrue(latencyMs >= 25.08 - EPS && latencyMs < 29.08, "latency " + latencyMs);
    }
  }

  @Test
  void partitionOpenedAtAStepDropsEverythingForItsDurationThenHeals() {
    DigitalLinkModel model = model(cleanLink(MBPS_100, 5), partition(Window.fromStep(3).lasting(50)));

    Transmission before = model.transmit(Direction.FORWARD, 2, 0, 1000, 0);
    Transmission opening = model.transmit(Direction.FORWARD, 3, 0, 1000, 100);
    Transmission reply = model.transmit(Direction.BACKWARD, 3, 0, 1000, 120);
    Transmission retry = model.transmit(Direction.FORWARD, 3, 1, 1000, 149.9);
    Transmission healed = model.transmit(Direction.FORWARD, 4, 0, 1000, 150);

    assertFalse(before.dropped());
    for (Transmission cut : List.of(opening, reply, retry)) {
      assertTrue(cut.dropped());
      assertTrue(cut.partitioned());
    }
    assertEquals(155.08, healed.firstDeliveryMs(), EPS);
  }

  @Test
  void lossRateMatchesItsProbability() {
    double dropped = fraction(link(MBPS_100, 5, 0, 0.1, 0, 0), Transmission::dropped);

    assertEquals(0.1, dropped, 0.01);
  }

  @Test
  void duplicateArrivesWithinOneMillisecondWhenThereIsNoJitter() {
    LinkSpec spec = link(MBPS_100, 5, 0, 0, 0.2, 0);

    assertEquals(0.2, fraction(spec, Transmission::duplicated), 0.01);
    for (Transmission sent : sendMany(spec)) {
      double copyLatencyMs = sent.deliveries().get(sent.deliveries().size() - 1).deliveryTimeMs()
          - sent.sendTimeMs();
      assertTrue(
          copyLatencyMs >= 5.08 - EPS && copyLatencyMs < 6.08, "copy after " + copyLatencyMs);
    }
  }

  @Test
  void reorderedMessageIsHeldBackByTwicePropagationPlusOneMillisecond() {
    LinkSpec spec = link(MBPS_100, 5, 0, 0, 0, 0.3);

    assertEquals(0.3, fraction(spec, sent -> sent.deliveries().get(0).reordered()), 0.01);
    for (Transmission sent : sendMany(spec)) {
      Delivery only = sent.deliveries().get(0);
      double expectedMs = sent.sendTimeMs() + (only.reordered() ? 16.08 : 5.08);
      assertEquals(expectedMs, only.deliveryTimeMs(), EPS);
    }
  }

  @Test
  void fateDependsOnlyOnSeedLinkDirectionStepAndAttempt() {
    LinkSpec spec = link(MBPS_100, 5, 3, 0.2, 0.2, 0.2);
    DigitalLinkModel stepByStep = new DigitalLinkModel(spec, List.of(), 7);
    DigitalLinkModel directionByDirection = new DigitalLinkModel(spec, List.of(), 7);
    List<Transmission> expected = new ArrayList<>();
    List<Transmission> actual = new ArrayList<>();

    for (int step = 0; step < 100; step++) {
      for (Direction direction : Direction.values()) {
        expected.add(stepByStep.transmit(direction, step, 0, 1000, step * GAP_MS));
      }
    }
    for (Direction direction : Direction.values()) {
      for (int step = 0; step < 100; step++) {
        actual.add(directionByDirection.transmit(direction, step, 0, 1000, step * GAP_MS));
        // Unrelated traffic in between must not shift the draws.
        directionByDirection.transmit(direction, step, 1, 1000, step * GAP_MS + 1);
      }
    }

    assertEquals(
        expected.stream().sorted(DigitalLinkModelTest::byStepThenSendTime).toList(),
        actual.stream().sorted(DigitalLinkModelTest::byStepThenSendTime).toList());
  }

  @Test
  void seedsAndAttemptsChangeTheFate() {
    LinkSpec spec = link(MBPS_100, 5, 3, 0, 0, 0);
    DigitalLinkModel seedOne = new DigitalLinkModel(spec, List.of(), 1);
    DigitalLinkModel seedTwo = new DigitalLinkModel(spec, List.of(), 2);

    for (int step = 0; step < 10; step++) {
      double sendMs = step * GAP_MS;
      double one = seedOne.transmit(Direction.FORWARD, step, 0, 1000, sendMs).firstDeliveryMs();
      double two = seedTwo.transmit(Direction.FORWARD, step, 0, 1000, sendMs).firstDeliveryMs();
      double retry = seedOne.transmit(Direction.FORWARD, step, 1, 1000, sendMs + 1).firstDeliveryMs();
      assertNotEquals(one, two);
      assertNotEquals(one + 1, retry);
    }
  }

  @Test
  void directionsDrawIndependently() {
    DigitalLinkModel model = model(link(MBPS_100, 5, 3, 0, 0, 0));

    double forward = model.transmit(Direction.FORWARD, 0, 0, 1000, 0).firstDeliveryMs();
    double backward = model.transmit(Direction.BACKWARD, 0, 0, 1000, 0).firstDeliveryMs();

    assertNotEquals(forward, backward);
  }

  private static int byStepThenSendTime(Transmission a, Transmission b) {
    int byStep = Integer.compare(a.step(), b.step());
    return byStep != 0 ? byStep : Double.compare(a.sendTimeMs(), b.sendTimeMs());
  }

  /** 20,000 messages: steps 0..1999, attempts 0..9, each long after the previous one. */
  private static List<Transmission> sendMany(LinkSpec spec) {
    DigitalLinkModel model = model(spec);
    List<Transmission> sent = new ArrayList<>();
    for (int step = 0; step < 2000; step++) {
      for (int attempt = 0; attempt < 10; attempt++) {
        sent.add(model.transmit(Direction.FORWARD, step, attempt, 1000, sent.size() * GAP_MS));
      }
    }
    return sent;
  }

  private static double fraction(LinkSpec spec, Predicate<Transmission> outcome) {
    List<Transmission> sent = sendMany(spec);
    return sent.stream().filter(outcome).count() / (double) sent.size();
  }
}
