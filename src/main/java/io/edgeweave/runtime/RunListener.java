package io.edgeweave.runtime;

import io.edgeweave.metrics.RunSummary;
import io.edgeweave.tensor.Tensor;
import java.util.List;

/** Local observer of a run in this JVM: progress for the command line, the outcome for its caller. */
public interface RunListener extends RunProgress {
  /**
   * @param partitionParameters the final parameters of each partition in path order, or the final global
   *     model of a collaborative run (empty if the run failed before its last evaluation)
   */
  void onFinished(RunSummary summary, List<Tensor> partitionParameters);

  /** The run's director has stopped: after {@link #onFinished}, or because it crashed. */
  default void onStopped() {}
}
