package io.edgeweave.fault;

import static io.edgeweave.fault.TestLinks.cleanLink;
import static io.edgeweave.fault.TestLinks.delay;
import static io.edgeweave.fault.TestLinks.link;
import static io.edgeweave.fault.TestLinks.partition;
import static io.edgeweave.fault.TestLinks.probability;
import static io.edgeweave.fault.TestLinks.rate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.fault.TestLinks.Window;
import io.edgeweave.scenario.FaultSpec.FaultKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkFaultScheduleTest {

  @Test
  void withoutFaultsTheBaselineHolds() {
    var schedule = new LinkFaultSchedule(link(1e6, 5, 1, 0.1, 0.2, 0.3), List.of());

    assertEquals(
        new LinkConditions(1e6, 0.1, 0.2, 0.3, 0, 0, false, Double.NaN, 0, 0), schedule.conditionsFor(7, 1234));
  }

  @Test
  void stepWindowOpensAtFirstMessageOfThatStepAndLastsItsDuration() {
    var schedule =
        new LinkFaultSchedule(cleanLink(1e6, 5), List.of(partition(Window.fromStep(3).lasting(50))));

    assertFalse(schedule.conditionsFor(2, 0).partitioned());
    assertTrue(schedule.conditionsFor(3, 100).partitioned(), "opens at 100 ms");
    assertTrue(schedule.conditionsFor(2, 120).partitioned(), "stays open for a late earlier step");
    assertTrue(schedule.conditionsFor(4, 149.9).partitioned());
    assertFalse(schedule.conditionsFor(5, 150).partitioned(), "heals at 100 + 50 ms");
  }

  @Test
  void aPeekOpensNoWindow() {
    var schedule =
        new LinkFaultSchedule(cleanLink(1e6, 5), List.of(partition(Window.fromStep(3).lasting(50))));

    assertTrue(schedule.peek(3, 100).partitioned(), "as if opened at 100 ms");
    assertFalse(schedule.conditionsFor(2, 120).partitioned(), "still closed for an earlier step");
    assertTrue(schedule.conditionsFor(3, 200).partitioned(), "opens at 200 ms");
    assertTrue(schedule.peek(4, 249.9).partitioned());
    assertFalse(schedule.peek(4, 250).partitioned(), "heals at 200 + 50 ms, not 100 + 50");
  }

  @Test
  void untilStepClosesTheWindow() {
    var schedule =
        new LinkFaultSchedule(
            cleanLink(1e6, 5), List.of(probability(FaultKind.LOSS, 0.5, Window.fromStep(2).untilStep(4))));

    assertEquals(0, schedule.conditionsFor(1, 0).loss());
    assertEquals(0.5, schedule.conditionsFor(2, 10).loss());
    assertEquals(0.5, schedule.conditionsFor(3, 20).loss());
    assertEquals(0, schedule.conditionsFor(4, 30).loss());
  }

  @Test
  void timeWindowOpensAtItsTimeWhateverTheStep() {
    var schedule =
        new LinkFaultSchedule(cleanLink(1e6, 5), List.of(delay(20, 4, Window.fromTime(100).lasting(10))));

    assertEquals(0, schedule.conditionsFor(50, 99.9).extraDelayMs());
    assertEquals(20, schedule.conditionsFor(0, 100).extraDelayMs(), 1e-9);
    assertEquals(4, schedule.conditionsFor(0, 109.9).extraJitterMs(), 1e-9);
    assertEquals(0, schedule.conditionsFor(0, 110).extraDelayMs());
  }

  @Test
  void probabilityFaultsReplaceTheBaselineWithTheHighestActive() {
    var schedule =
        new LinkFaultSchedule(
            link(1e6, 5, 0, 0.3, 0.3, 0.3),
            List.of(
                probability(FaultKind.LOSS, 0.05, Window.always()),
                probability(FaultKind.LOSS, 0.2, Window.always()),
                probability(FaultKind.DUPLICATE, 0.1, Window.always())));

    LinkConditions conditions = schedule.conditionsFor(0, 0);

    assertEquals(0.2, conditions.loss());
    assertEquals(0.1, conditions.duplicate());
    assertEquals(0.3, conditions.reorder());
  }

  @Test
  void delaysAddUpAndTheLastActiveRateWins() {
    var schedule =
        new LinkFaultSchedule(
            cleanLink(1e6, 5),
            List.of(
                delay(10, 1, Window.always()),
                delay(5, 2, Window.always()),
                rate(2e6, Window.always()),
                rate(3e6, Window.always()),
                rate(4e6, Window.fromStep(9))));

    LinkConditions conditions = schedule.conditionsFor(0, 0);

    assertEquals(15, conditions.extraDelayMs(), 1e-9);
    assertEquals(3, conditions.extraJitterMs(), 1e-9);
    assertEquals(3e6, conditions.bitsPerSecond());
    assertEquals(4e6, schedule.conditionsFor(9, 1).bitsPerSecond());
  }

  @Test
  void faultsOfOtherLinksAreIgnored() {
    var schedule =
        new LinkFaultSchedule(cleanLink(1e6, 5), List.of(partition("other-link", Window.always())));

    assertFalse(schedule.conditionsFor(0, 0).partitioned());
  }
}
