package io.edgeweave.cluster;

import io.edgeweave.metrics.RoundRecord;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.runtime.FleetStatus;
import io.edgeweave.runtime.PhaseProgress;
import io.edgeweave.runtime.RoundProgress;
import io.edgeweave.runtime.RunListener;
import io.edgeweave.runtime.RunProgress;
import io.edgeweave.tensor.Tensor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Passes a run's progress on and waits for its outcome. */
final class AwaitedRun implements RunListener {
  private final RunProgress progress;
  private final CompletableFuture<RunOutcome> finished = new CompletableFuture<>();

  /** @param progress told of steps, rounds and the fleet as the run goes (from actor threads) */
  AwaitedRun(RunProgress progress) {
    this.progress = progress;
  }

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
  public void onPhase(PhaseProgress phase) {
    progress.onPhase(phase);
  }

  @Override
  public void onFinished(RunSummary summary, List<Tensor> parameters) {
    finished.complete(new RunOutcome(summary, parameters));
  }

  @Override
  public void onStopped() {
    fail("the run stopped unexpectedly");
  }

  /** Ends the wait with an error, unless the run has finished. */
  void fail(String reason) {
    finished.completeExceptionally(new IllegalStateException(reason));
  }

  /** The outcome, once the run has finished. */
  RunOutcome await() throws InterruptedException {
    try {
      return finished.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }
}
