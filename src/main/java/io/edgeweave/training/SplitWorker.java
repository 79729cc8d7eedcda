package io.edgeweave.training;

import io.edgeweave.nn.FlopCount;
import io.edgeweave.nn.Partition;
import io.edgeweave.tensor.Tensor;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One node's part of split training, as a pure state machine: it owns a {@link Partition}, keeps the
 * node's virtual clock, and decides what each arriving message means. Steps run one at a time along the
 * path; sequence numbers make every message idempotent:
 *
 * <ul>
 *   <li>activations of a new step are computed once; a repeat of the step in progress is ignored (the
 *       node's own retries cover the path below it); a repeat of the last completed step gets the cached
 *       errors again, so a lost backward message is recovered by the sender's retry;
 *   <li>errors are applied only for the step in progress, so each step updates the partition once.
 * </ul>
 *
 * The data-owning node (partition 0) starts steps and retries unanswered activations; so does every
 * partition that is neither first nor last, for the path below it.
 */
public final class SplitWorker {
  private final String nodeId;
  private final Partition partition;
  private final FlopCount flops;
  private final double flopsPerMs;
  private final double retryTimeoutMs;
  private final boolean first;

  private double clockMs;
  private int completedStep = -1;
  private Errors completedErrors;
  private Activations outstanding;
  private double stepStartMs;
  private int batchSize;
  private int retries;

  public SplitWorker(
      String nodeId, Partition partition, boolean first, double flopsPerSecond, double retryTimeoutMs) {
    this.nodeId = nodeId;
    this.partition = partition;
    this.flops = partition.flops();
    this.first = first;
    this.flopsPerMs = flopsPerSecond / 1000.0;
    this.retryTimeoutMs = retryTimeoutMs;
  }

  /** What a node does after a message: nothing, send on, send back, or (first node) finish the step. */
  public sealed interface Decision {}

  public enum Ignore implements Decision {
    INSTANCE
  }

  public record SendDownstream(Activations activations) implements Decision {}

  public record SendUpstream(Errors errors) implements Decision {}

  public record Completed(StepResult result) implements Decision {}

  /** First node: computes the forward pass of a new step on a local batch. */
  public Decision startStep(int step, INDArray features, int[] labels) {
    if (!first) throw new IllegalStateException(nodeId + " holds no data: it cannot start a step");
    if (step <= completedStep || outstanding != null) {
      throw new IllegalStateException(nodeId + ": step " + step + " started twice");
    }
    stepStartMs = clockMs;
    Activations start = new Activations(step, 0, Tensor.of(features), labels, clockMs, List.of());
    return forward(start);
  }

  /** Activations arriving from the previous partition. */
  public Decision onActivations(Activations in) {
    if (in.step() == completedStep && completedErrors != null) {
      return new SendUpstream(resend(completedErrors, in));
    }
    if (in.step() <= completedStep || (outstanding != null && outstanding.step() == in.step())) {
      return Ignore.INSTANCE;
    }
    return forward(in);
  }

  /** Errors arriving from the next partition. */
  public Decision onErrors(Errors in) {
    if (outstanding == null || outstanding.step() != in.step()) return Ignore.INSTANCE;
    outstanding = null;
    double start = Math.max(clockMs, in.timeMs());
    INDArray inputError = partition.backward(in.values().toINDArray());
    partition.update();
    clockMs = start + backwardMs();
    List<Span> trace = Activations.append(in.trace(), span(Span.Phase.BACKWARD, start, 0));
    return finish(in.step(), in.loss(), inputError, trace);
  }

  /**
   * The unanswered activations again, {@code retryTimeoutMs} later in virtual time, or empty when nothing
   * is outstanding.
   */
  public Optional<Activations> retry() {
    if (outstanding == null) return Optional.empty();
    double at = outstanding.timeMs() + retryTimeoutMs;
    retries++;
    Span wait = new Span(nodeId, Span.Phase.RETRY, outstanding.timeMs(), at, 0);
    outstanding =
        new Activations(
            outstanding.step(),
            outstanding.attempt() + 1,
            outstanding.values(),
            outstanding.labels(),
            at,
            Activations.append(outstanding.trace(), wait));
    return Optional.of(outstanding);
  }

  /** The step whose answer this node is waiting for, if any. */
  public Optional<Integer> waitingFor() {
    return outstanding == null ? Optional.empty() : Optional.of(outstanding.step());
  }

  public Partition partition() {
    return partition;
  }

  public double clockMs() {
    return clockMs;
  }

  public int completedStep() {
    return completedStep;
  }

  public int retries() {
    return retries;
  }

  private Decision forward(Activations in) {
    double start = Math.max(clockMs, in.timeMs());
    batchSize = in.labels().length;
    INDArray out = partition.forward(in.values().toINDArray());
    if (!partition.isLast()) {
      clockMs = start + forwardMs();
      List<Span> trace = Activations.append(in.trace(), span(Span.Phase.FORWARD, start, forwardMs()));
      outstanding = new Activations(in.step(), 0, Tensor.of(out), in.labels(), clockMs, trace);
      return new SendDownstream(outstanding);
    }
    Partition.LossAndError result = partition.backwardFromLabels(oneHot(in.labels(), partition.outputWidth()));
    partition.update();
    clockMs = start + forwardMs() + backwardMs();
    List<Span> trace = Activations.append(in.trace(), span(Span.Phase.FORWARD, start, forwardMs()));
    trace.add(span(Span.Phase.BACKWARD, start + forwardMs(), backwardMs()));
    return finish(in.step(), result.loss(), result.inputError(), trace);
  }

  private Decision finish(int step, double loss, INDArray inputError, List<Span> trace) {
    completedStep = step;
    if (first) {
      completedErrors = null;
      return new Completed(new StepResult(step, loss, stepStartMs, clockMs, trace));
    }
    completedErrors = new Errors(step, 0, Tensor.of(inputError), loss, clockMs, trace);
    return new SendUpstream(completedErrors);
  }

  private static Errors resend(Errors cached, Activations request) {
    double at = Math.max(cached.timeMs(), request.timeMs());
    return new Errors(cached.step(), request.attempt(), cached.values(), cached.loss(), at, cached.trace());
  }

  private Span span(Span.Phase phase, double start, double durationMs) {
    return new Span(nodeId, phase, start, start + durationMs, 0);
  }

  private double forwardMs() {
    return flops.forward(batchSize) / flopsPerMs;
  }

  private double backwardMs() {
    return (flops.backward(batchSize) + flops.update()) / flopsPerMs;
  }

  private static INDArray oneHot(int[] labels, int classes) {
    float[] values = new float[labels.length * classes];
    for (int i = 0; i < labels.length; i++) values[i * classes + labels[i]] = 1f;
    return Nd4j.create(values, new long[] {labels.length, classes}, DataType.FLOAT);
  }
}
