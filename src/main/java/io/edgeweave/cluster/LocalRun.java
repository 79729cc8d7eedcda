package io.edgeweave.cluster;

import com.typesafe.config.Config;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.runtime.ScenarioDirector;
import io.edgeweave.scenario.Scenario;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import org.apache.pekko.actor.typed.ActorSystem;

/** Runs one scenario to its end in a one-node cluster of this JVM, and shuts the cluster down. */
public final class LocalRun {
  private LocalRun() {}

  /**
   * @param onStep called for every committed step (from an actor thread)
   * @param overrides Pekko settings for this run, e.g. {@code serialize-messages}
   */
  public static RunOutcome.Outcome run(
      Scenario scenario, TrainTest data, Path directory, BiConsumer<StepRecord, Integer> onStep, Config overrides)
      throws InterruptedException {
    RunOutcome outcome = new RunOutcome(onStep);
    ActorSystem<Void> system =
        LocalCluster.start(ClusterSettings.SYSTEM, ScenarioDirector.create(scenario, data, directory, outcome), overrides);
    system.getWhenTerminated().thenRun(() -> outcome.fail("the run stopped unexpectedly"));
    try {
      return outcome.await();
    } finally {
      Shutdown.terminate(system);
    }
  }
}
