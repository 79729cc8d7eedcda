package io.edgeweave.cluster;

import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.runtime.RunListener;
import io.edgeweave.tensor.Tensor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

/** Waits for a run's end: its summary and the final parameters of each partition, in path order. */
public final class RunOutcome implements RunListener {
  /** The run's outcome. */
  public record Outcome(RunSummary summary, List<Tensor> parameters) {}

  private final BiConsumer<StepRecord, Integer> onStep;
  private final CompletableFuture<Outcome> finished = new CompletableFuture<>();

  /** @param onStep called for every committed step (from an actor thread) */
  public RunOutcome(BiConsumer<StepRecord, Integer> onStep) {
    this.onStep = onStep;
  }

  @Override
  public void onStep(StepRecord step, int totalSteps) {
    onStep.accept(step, totalSteps);
  }

  @Override
  public void onFinished(RunSummary summary, List<Tensor> parameters) {
    finished.complete(new Outcome(summary, parameters));
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
  Outcome await() throws InterruptedException {
    try {
      return finished.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }
}
