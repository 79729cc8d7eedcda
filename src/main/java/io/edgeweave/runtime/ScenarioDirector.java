package io.edgeweave.runtime;

import io.edgeweave.data.TrainTest;
import io.edgeweave.runtime.genai.GenAiDirector;
import io.edgeweave.scenario.GenAiSpec;
import io.edgeweave.scenario.JmsnasSpec;
import io.edgeweave.scenario.CollaborativeTrainingSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.SplitTrainingSpec;
import java.nio.file.Path;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Runs one scenario: starts the director of its workload type as a child and stops when it has finished.
 * The guardian of a run's actor system.
 */
public final class ScenarioDirector {
  /** Dispatcher for actors that compute (ND4J): kept off Pekko's default dispatcher. */
  public static final String COMPUTE_DISPATCHER = "edgeweave.compute-dispatcher";

  private ScenarioDirector() {}

  public static Behavior<Void> create(Scenario scenario, TrainTest data, Path outputDirectory, RunListener listener) {
    return Behaviors.setup(
        ctx -> {
          ctx.watch(ctx.spawn(director(scenario, data, outputDirectory, listener), "director"));
          return Behaviors.receive(Void.class).onSignal(Terminated.class, t -> Behaviors.stopped()).build();
        });
  }

  /**
   * Checks of a scenario against its loaded data, before anything runs or is written.
   *
   * @throws io.edgeweave.data.DataException naming what does not fit
   */
  public static void checkData(Scenario scenario, TrainTest data) {
    if (scenario.workload() instanceof CollaborativeTrainingSpec collaborative) {
      CollaborativeTrainingDirector.checkData(scenario, collaborative, data);
    }
  }

  private static Behavior<?> director(Scenario scenario, TrainTest data, Path outputDirectory, RunListener listener) {
    if (scenario.workload() instanceof SplitTrainingSpec split) {
      return SplitTrainingDirector.create(scenario, split, data, outputDirectory, listener);
    }
    if (scenario.workload() instanceof GenAiSpec genai) {
      return GenAiDirector.create(scenario, genai, data, outputDirectory, listener);
    }
    if (scenario.workload() instanceof JmsnasSpec jmsnas) return JmsnasDirector.create(scenario, jmsnas, data, outputDirectory, listener);
    if (scenario.workload() instanceof CollaborativeTrainingSpec collaborative) {
      return CollaborativeTrainingDirector.create(scenario, collaborative, data, outputDirectory, listener);
    }
    throw new IllegalArgumentException("no director for workload type " + scenario.workload().type());
  }
}
