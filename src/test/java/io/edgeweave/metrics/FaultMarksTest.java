package io.edgeweave.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeweave.metrics.SvgChart.Marker;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.FaultSpec.FaultKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FaultMarksTest {
  /** Ten steps of 100 ms each: step i runs from 100·i to 100·(i + 1) ms. */
  private static final FaultMarks TEN_STEPS =
      new FaultMarks("step", IntStream.range(0, 10).mapToObj(i -> 100.0 * i).toList(), 1000);

  private static FaultSpec fault(String target, FaultKind kind, Integer atStep, Long atMs, Integer untilStep, Long forMs) {
    return new FaultSpec(target, kind,
        atStep == null ? OptionalInt.empty() : OptionalInt.of(atStep),
        Optional.ofNullable(atMs).map(Duration::ofMillis),
        untilStep == null ? OptionalInt.empty() : OptionalInt.of(untilStep),
        Optional.ofNullable(forMs).map(Duration::ofMillis),
        0.25, Duration.ofMillis(30), Duration.ZERO, 20e6);
  }

  @Test
  void stepWindowsCoverTheirStepsAndInstantsFallBeforeTheirStep() {
    List<Marker> marks = TEN_STEPS.faults(List.of(
        fault("l", FaultKind.LOSS, 2, null, 5, null),
        fault("l", FaultKind.PARTITION, 3, null, null, 250L),
        fault("n", FaultKind.KILL_JVM, 7, null, null, null),
        fault("l", FaultKind.RATE, 8, null, null, null)));

    assertEquals(new Marker("loss 25% l (steps 2–4)", FaultMarks.LINK_FAULT, 1.5, 4.5), marks.get(0));
    // opens when step 3 starts (300 ms) and closes 250 ms later, during step 5
    assertEquals(new Marker("partition l (steps 3–5)", FaultMarks.LINK_FAULT, 2.5, 5.5), marks.get(1));
    assertEquals(Marker.at("kill-jvm n (step 7)", FaultMarks.NODE_DOWN, 6.5), marks.get(2));
    assertEquals(new Marker("rate 20 Mbps l (from step 8)", FaultMarks.SLOW_LINK, 7.5, 9.5), marks.get(3));
  }

  @Test
  void timeWindowsArePlacedByTheRunsClockAndFaultsAfterTheRunAreLeftOut() {
    List<Marker> marks = TEN_STEPS.faults(List.of(
        fault("l", FaultKind.DELAY, null, 450L, null, 300L),
        fault("l", FaultKind.LOSS, 12, null, null, null),
        fault("l", FaultKind.LOSS, null, 5000L, null, null)));

    assertEquals(List.of(new Marker("delay +30 ms l (steps 4–7)", FaultMarks.SLOW_LINK, 3.5, 7.5)), marks);
  }

  @Test
  void eachResumeFollowsTheLossItRecoveredFrom() {
    Marker firstKill = Marker.at("kill a", FaultMarks.NODE_DOWN, 5.5);
    Marker secondKill = Marker.at("kill b", FaultMarks.NODE_DOWN, 8.5);
    Marker window = new Marker("loss", FaultMarks.LINK_FAULT, 1.5, 9.5);
    List<Marker> resumes = TEN_STEPS.resumes(List.of(4, 7));

    assertEquals(List.of(window, firstKill, resumes.get(0), secondKill, resumes.get(1)),
        FaultMarks.chronological(List.of(secondKill, window, firstKill), resumes));
  }

  @Test
  void resumesAndReplansAreLines() {
    assertEquals(List.of(Marker.at("resumed from the last checkpoint: steps from 4 run again", FaultMarks.RECOVERY, 3.5)),
        TEN_STEPS.resumes(List.of(4)));
    assertEquals(Marker.at("re-planned (edge-1 crashed) from step 6", FaultMarks.REPLAN, 5.5),
        TEN_STEPS.replan(6, "edge-1 crashed"));
  }
}
