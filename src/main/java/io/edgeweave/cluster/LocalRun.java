package io.edgeweave.cluster;

import com.typesafe.config.Config;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RoundRecord;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.runtime.FleetStatus;
import io.edgeweave.runtime.RoundProgress;
import io.edgeweave.runtime.RunListener;
import io.edgeweave.runtime.RunProgress;
import io.edgeweave.runtime.ScenarioDirector;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;

/** Runs one scenario to its end in a one-node cluster of this JVM, and shuts the cluster down. */
public final class LocalRun {
  private LocalRun() {}

  /** The run's outcome: its summary and the final parameters (of each partition in path order, or the global model). */
  public record Outcome(RunSummary summary, List<Tensor> parameters) {}

  /**
   * @param progress told of steps, rounds and the fleet as the run goes (from actor threads)
   * @param overrides Pekko settings for this run, e.g. {@code serialize-messages}
   */
  public static Outcome run(Scenario scenario, TrainTest data, Path directory, RunProgress progress, Config overrides)
      throws InterruptedException {
    CompletableFuture<Outcome> finished = new CompletableFuture<>();
    RunListener listener =
        new RunListener() {
          @Override
          public void onStep(StepRecord step, int totalSteps) {
            progress.onStep(step, totalSteps);
          }

          @Override
          public void onFleet(FleetStatus status) {
            progress.onFleet(status);
          }

          @Override
          public void onRoundProgress(RoundProgress round) {
            progress.onRoundProgress(round);
          }

          @Override
          public void onRound(RoundRecord round, int totalRounds) {
            progress.onRound(round, totalRounds);
          }

          @Override
          public void onFinished(RunSummary summary, List<Tensor> parameters) {
            finished.complete(new Outcome(summary, parameters));
          }
        };
    ActorSystem<Void> system =
        LocalCluster.start("edgeweave", ScenarioDirector.create(scenario, data, directory, listener), overrides);
    system
        .getWhenTerminated()
        .thenRun(() -> finished.completeExceptionally(new IllegalStateException("the run stopped unexpectedly")));
    try {
      return finished.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } finally {
      system.terminate();
      try {
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // the results are complete; a slow shutdown changes nothing
      }
    }
  }
}
