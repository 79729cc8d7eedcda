package io.edgeweave.cluster;

import com.typesafe.config.Config;
import io.edgeweave.data.TrainTest;
import io.edgeweave.runtime.Hosting;
import io.edgeweave.runtime.RunControl;
import io.edgeweave.runtime.RunProgress;
import io.edgeweave.runtime.ScenarioDirector;
import io.edgeweave.scenario.Scenario;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;

/** Runs one scenario to its end in a one-node cluster of this JVM, and shuts the cluster down. */
public final class LocalRun {
  private LocalRun() {}

  /**
   * @param progress told of steps, rounds and the fleet as the run goes (from actor threads)
   * @param overrides Pekko settings for this run, e.g. {@code serialize-messages}
   */
  public static RunOutcome run(Scenario scenario, TrainTest data, Path directory, RunProgress progress, Config overrides)
      throws InterruptedException {
    return run(scenario, data, directory, progress, overrides, new RunControl(), false);
  }

  /**
   * @param control stops the run cleanly when its user asks
   * @param resume continue the run in {@code directory} from its newest checkpoint
   */
  public static RunOutcome run(
      Scenario scenario, TrainTest data, Path directory, RunProgress progress, Config overrides, RunControl control,
      boolean resume) throws InterruptedException {
    AwaitedRun run = new AwaitedRun(progress);
    ActorSystem<Void> system =
        LocalCluster.start(
            ClusterSettings.SYSTEM,
            ScenarioDirector.create(scenario, data, directory, run, Hosting.local(scenario), control, resume),
            overrides);
    Optional<MetricsEndpoint> endpoint = MetricsEndpoint.start(system);
    system.getWhenTerminated().thenRun(() -> run.fail("the run stopped unexpectedly"));
    try {
      return run.await();
    } finally {
      endpoint.ifPresent(MetricsEndpoint::close);
      Shutdown.terminate(system);
    }
  }
}
