package io.edgeweave.collab.actors;

import static io.edgeweave.collab.actors.CollaborativeTrainingRunTest.run;
import static io.edgeweave.collab.actors.CollaborativeTrainingRunTest.scenario;
import static io.edgeweave.collab.actors.CollaborativeTrainingRunTest.threads;
import static io.edgeweave.collab.actors.CollaborativeTrainingRunTest.virtual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.collab.DevicePlacement;
import io.edgeweave.collab.DeviceSelection;
import io.edgeweave.collab.actors.CollaborativeTrainingRunTest.Outcome;
import io.edgeweave.metrics.RoundRecord;
import io.edgeweave.runtime.Hosting;
import io.edgeweave.scenario.CollaborativeTrainingSpec;
import io.edgeweave.scenario.Scenario;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kill-jvm fault of a collaborative run in one JVM: 30 devices (groups of one) over three in-process edge JVMs, the
 * second killed as round 2 opens. The devices selected in round 2 that it held count as crashed, decided by the cloud
 * from the placement, and take part again from round 3 on the two JVMs left.
 */
class CollaborativeJvmKillTest {
  private static final int STRUCK_ROUND = 2;

  static Scenario struck(String faults) throws Exception {
    return scenario(String.join("\n",
            "rounds = 5, participants = 12, local-steps = 2, batch-size = 8, eval-every = 5, jvms = 3",
            "devices { count = 30, flops = { distribution = log-normal, median = 100 MFLOPS, sigma = 1 } }"),
        "faults = [" + faults + "]");
  }

  @Test
  void theSelectedDevicesOfTheStruckJvmCrashInItsRoundAndTakePartLater(@TempDir Path out) throws Exception {
    Scenario scenario = struck("{ kind = kill-jvm, jvm = 2, at-step = " + STRUCK_ROUND + " }");
    Outcome run = run(scenario, threads(2), Hosting.local(scenario), out);

    CollaborativeTrainingSpec workload = (CollaborativeTrainingSpec) scenario.workload();
    int[] selected = DeviceSelection.select(scenario.seed(), STRUCK_ROUND, workload.perRound(), 30, new BitSet());
    long onSecondJvm = IntStream.of(selected).filter(d -> DevicePlacement.home(d, 3) == 1).count();
    assertTrue(onSecondJvm > 0 && onSecondJvm < selected.length, "the round selects devices on every JVM");
    for (RoundRecord r : run.rounds()) {
      assertEquals(r.selected(), r.arrived() + r.crashed(), "round " + r.round() + ": every device accounted for");
      assertEquals(r.round() == STRUCK_ROUND ? onSecondJvm : 0, r.crashed(), "round " + r.round());
    }
    assertEquals(5, run.rounds().size());
    assertEquals(1, run.summary().recovery().faultsInjected());
    assertEquals(List.of(STRUCK_ROUND), run.summary().recovery().resumedFromSteps());
  }

  @Test
  void oneSeedAndOneFaultGiveOneRunWhateverTheThreads(@TempDir Path out) throws Exception {
    Scenario scenario = struck("{ kind = kill-jvm, jvm = 3, at-step = 1 }");
    Outcome one = run(scenario, threads(1), Hosting.local(scenario), out.resolve("one"));
    Outcome four = run(scenario, threads(4), Hosting.local(scenario), out.resolve("four"));
    Scenario unstruck = struck("");
    Outcome whole = run(unstruck, threads(2), Hosting.local(unstruck), out.resolve("whole"));

    assertEquals(virtual(one.rounds()), virtual(four.rounds()));
    assertEquals(one.global(), four.global());
    assertTrue(one.rounds().get(1).crashed() > 0);
    assertNotEquals(whole.global(), one.global(), "the crashed devices' updates are missing");
  }
}
