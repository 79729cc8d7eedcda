package io.edgeweave.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.FaultSpec.FaultKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TrainingNodeFaultsTest {
  private static final FaultSpec KILL = fault("cloud", FaultKind.KILL_JVM, 5, null, 1);
  private static final FaultSpec PAUSE = fault("edge", FaultKind.PAUSE_JVM, 5, null, 1);
  private static final FaultSpec SLOW = fault("edge", FaultKind.SLOW_NODE, 10, 20, 3);
  private static final FaultSpec SLOWER = fault("edge", FaultKind.SLOW_NODE, 15, null, 5);
  private static final FaultSpec LOSS = TestLinks.probability(FaultKind.LOSS, 0.5, TestLinks.Window.always());

  private final TrainingNodeFaults schedule = new TrainingNodeFaults(List.of(LOSS, KILL, PAUSE, SLOW, SLOWER));

  @Test
  void processFaultsStrikeJustBeforeTheirStep() {
    assertEquals(List.of(KILL, PAUSE), schedule.processFaultsAt(5).stream().map(schedule.faults()::get).toList());
    assertEquals(List.of(), schedule.processFaultsAt(4));
    assertEquals(List.of(), schedule.processFaultsAt(10), "slow-node is not a process fault");
  }

  @Test
  void aNodeIsAsSlowAsItsSlowestActiveWindow() {
    assertEquals(1, schedule.slowdown("edge", 9));
    assertEquals(3, schedule.slowdown("edge", 10));
    assertEquals(5, schedule.slowdown("edge", 15));
    assertEquals(5, schedule.slowdown("edge", 500), "no until-step: slow to the end");
    assertEquals(1, schedule.slowdown("cloud", 15));
  }

  @Test
  void aNodeGetsOnlyItsOwnFaults() {
    assertEquals(List.of(PAUSE, SLOW, SLOWER), schedule.of("edge").faults());
    assertEquals(List.of(), schedule.of("device").faults());
  }

  private static FaultSpec fault(String node, FaultKind kind, int atStep, Integer untilStep, double factor) {
    return new FaultSpec(
        node, kind, OptionalInt.of(atStep), Optional.empty(),
        untilStep == null ? OptionalInt.empty() : OptionalInt.of(untilStep), Optional.of(Duration.ofSeconds(1)),
        0, Duration.ZERO, Duration.ZERO, 0, 0, 0, factor);
  }
}
