package io.edgeweave.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.scenario.FaultSpec.FaultKind;
import io.edgeweave.scenario.FaultSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When node faults crash a node, when it may start again, and when a joining node is there. */
class NodeFaultScheduleTest {
  private static FaultSpec fault(String node, FaultKind kind, Integer atStep, Double atMs, Integer untilStep, Double durationMs) {
    return new FaultSpec(node, kind, atStep == null ? OptionalInt.empty() : OptionalInt.of(atStep),
        Optional.ofNullable(atMs).map(ms -> Duration.ofNanos((long) (ms * 1e6))),
        untilStep == null ? OptionalInt.empty() : OptionalInt.of(untilStep),
        Optional.ofNullable(durationMs).map(ms -> Duration.ofNanos((long) (ms * 1e6))), 0, Duration.ZERO, Duration.ZERO, 0);
  }

  @Test
  void aCrashAtAStepStrikesFromThatRequestUntilItsEnd() {
    FaultSpec crash = fault("edge", FaultKind.CRASH, 10, null, 20, null);
    NodeFaultSchedule s = new NodeFaultSchedule("edge", List.of(fault("other", FaultKind.CRASH, 0, null, null, null), crash), Set.of());
    assertTrue(s.crash(9, 5_000).isEmpty());
    assertEquals(OptionalInt.of(1), s.crash(10, 5_000), "named by its index in the scenario's faults");
    assertEquals(OptionalInt.of(1), s.crash(19, 9_000));
    assertTrue(s.crash(20, 9_000).isEmpty());
    assertFalse(NodeFaultSchedule.recovered(crash, 5_000, 19, 1e9));
    assertTrue(NodeFaultSchedule.recovered(crash, 5_000, 20, 0));
  }

  @Test
  void aKillJvmStrikesFromItsStepOnceAndForGood() {
    FaultSpec kill = fault("edge", FaultKind.KILL_JVM, 8, null, null, null);
    NodeFaultSchedule s = new NodeFaultSchedule("edge", List.of(fault("edge", FaultKind.CRASH, 2, null, 4, null), kill), Set.of());
    assertTrue(s.kill(7).isEmpty());
    assertEquals(OptionalInt.of(1), s.kill(8));
    assertEquals(OptionalInt.of(1), s.kill(50), "a later message of a node it has not struck yet");
    assertTrue(new NodeFaultSchedule("edge", List.of(kill), Set.of(0)).kill(9).isEmpty(), "it strikes once");
    assertTrue(new NodeFaultSchedule("other", List.of(kill), Set.of()).kill(9).isEmpty());
    assertFalse(NodeFaultSchedule.recovered(kill, 100, 10_000, 1e9), "a killed node never starts again");
  }

  @Test
  void aCrashWithADurationEndsThatLongAfterItStarted() {
    FaultSpec byStep = fault("edge", FaultKind.CRASH, 3, null, null, 1_000.0);
    assertFalse(NodeFaultSchedule.recovered(byStep, 400, 99, 1_399));
    assertTrue(NodeFaultSchedule.recovered(byStep, 400, 4, 1_400), "a window opened by a request starts at the crash");
    FaultSpec byTime = fault("edge", FaultKind.CRASH, null, 2_000.0, null, 1_000.0);
    NodeFaultSchedule s = new NodeFaultSchedule("edge", List.of(byTime), Set.of());
    assertTrue(s.crash(0, 1_999).isEmpty());
    assertEquals(OptionalInt.of(0), s.crash(0, 2_500));
    assertTrue(s.crash(0, 3_000).isEmpty(), "closed at 2 s + 1 s");
    assertTrue(NodeFaultSchedule.recovered(byTime, 2_500, 0, 3_000));
  }

  @Test
  void aCrashWithoutEndIsForeverAndStrikesOnce() {
    FaultSpec forever = fault("edge", FaultKind.CRASH, null, null, null, null);
    NodeFaultSchedule s = new NodeFaultSchedule("edge", List.of(forever), Set.of());
    assertEquals(OptionalInt.of(0), s.crash(0, 0));
    assertFalse(NodeFaultSchedule.recovered(forever, 0, 1_000_000, 1e12));
    assertTrue(new NodeFaultSchedule("edge", List.of(forever), Set.of(0)).crash(5, 5).isEmpty(), "struck already");
  }

  @Test
  void aJoiningNodeIsAbsentUntilItsWindowOpens() {
    NodeFaultSchedule s = new NodeFaultSchedule("edge", List.of(fault("edge", FaultKind.JOIN, 50, null, null, null)), Set.of());
    assertFalse(s.joined(49, 1e9));
    assertTrue(s.joined(50, 0));
    assertTrue(new NodeFaultSchedule("other", List.of(fault("edge", FaultKind.JOIN, 50, null, null, null)), Set.of()).joined(0, 0));
  }
}
