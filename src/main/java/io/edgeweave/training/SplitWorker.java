package io.edgeweave.training;

import io.edgeweave.data.OneHot;
import io.edgeweave.nn.FlopCount;
import io.edgeweave.nn.Partition;
import io.edgeweave.tensor.Tensor;
import java.util.List;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One node's part of split training, as a pure state machine: it owns a {@link Partition}, keeps the
 * node's virtual clock, and decides what each arriving message means. Steps run one at a time along the
 * path, and step numbers make every message idempotent:
 *
 * <ul>
 *   <li>activations of a new step are computed once; copies of a step in progress or already answered
 *       are ignored, except a newer attempt of the last completed step while no later step has begun (a
 *       sender that timed out), which gets the cached errors again: a late copy that finds the next step
 *       under way changes nothing, however late it comes;
 *   <li>errors are applied only for the step in progress, so each step updates the partition once;
 *   <li>a message its link reports lost is sent again {@code retryTimeoutMs} later in virtual time, as
 *       the next attempt; after {@code maxRetries} attempts the step fails.
 * </ul>
 */
public final class SplitWorker {
  private final String nodeId;
  private final Partition partition;
  private final FlopCount flops;
  private final double flopsPerMs;
  private final double retryTimeoutMs;
  private final int maxRetries;
  private final boolean first;
  private final IntToDoubleFunction slowdown;

  private double clockMs;
  private int completedStep = -1;
  private int answeredAttempt;
  private Errors completedErrors;
  private Activations outstanding;
  private double stepStartMs;
  private int batchSize;
  private double stepSlowdown = 1;

  /**
   * @param slowdown how many times slower than its rate the node computes in each step (1: at its rate)
   */
  public SplitWorker(
      String nodeId,
      Partition partition,
      boolean first,
      double flopsPerSecond,
      double retryTimeoutMs,
      int maxRetries,
      IntToDoubleFunction slowdown) {
    this.nodeId = nodeId;
    this.slowdown = slowdown;
    this.partition = partition;
    this.flops = partition.flops();
    this.first = first;
    this.flopsPerMs = flopsPerSecond / 1000.0;
    this.retryTimeoutMs = retryTimeoutMs;
    this.maxRetries = maxRetries;
  }

  /** What a node does after a message: nothing, send on, send back, finish the step, or give up. */
  public sealed interface Decision {}

  public enum Ignore implements Decision {
    INSTANCE
  }

  public record SendDownstream(Activations activations) implements Decision {}

  public record SendUpstream(Errors errors) implements Decision {}

  public record Completed(StepResult result) implements Decision {}

  public record Failed(int step, String reason) implements Decision {}

  /** First node: computes the forward pass of a new step on a local batch. */
  public Decision startStep(int step, INDArray features, int[] labels) {
    if (!first) throw new IllegalStateException(nodeId + " holds no data: it cannot start a step");
    if (step <= completedStep || outstanding != null) {
      throw new IllegalStateException(nodeId + ": step " + step + " started twice");
    }
    stepStartMs = clockMs;
    return forward(step, features, labels, clockMs, List.of());
  }

  /** Activations arriving from the previous partition. */
  public Decision onActivations(Activations in) {
    if (in.step() == completedStep && completedErrors != null && outstanding == null && in.attempt() > answeredAttempt) {
      answeredAttempt = in.attempt();
      double at = Math.max(completedErrors.timeMs(), in.timeMs());
      return new SendUpstream(
          new Errors(in.step(), in.attempt(), completedErrors.values(), completedErrors.loss(), at, completedErrors.trace()));
    }
    if (in.step() <= completedStep || (outstanding != null && outstanding.step() == in.step())) {
      return Ignore.INSTANCE;
    }
    answeredAttempt = in.attempt();
    return forward(in.step(), in.values().toINDArray(), in.labels(), in.timeMs(), in.trace());
  }

  /** Errors arriving from the next partition. */
  public Decision onErrors(Errors in) {
    if (outstanding == null || outstanding.step() != in.step()) return Ignore.INSTANCE;
    outstanding = null;
    double start = Math.max(clockMs, in.timeMs());
    INDArray inputError = partition.backward(in.values().toINDArray());
    partition.update();
    clockMs = start + backwardMs();
    List<Span> trace = Activations.append(in.trace(), span(Span.Phase.BACKWARD, start, backwardMs()));
    return finish(in.step(), in.loss(), inputError, trace);
  }

  /** A message of this node that its link reports lost: send it again, unless it is no longer needed. */
  public Decision onLost(StepMessage lost) {
    boolean awaited = outstanding != null && outstanding.step() == lost.step();
    boolean answered = completedErrors != null && completedStep == lost.step();
    if (lost instanceof Activations ? !awaited : !answered) return Ignore.INSTANCE;
    if (lost.attempt() >= maxRetries) {
      return new Failed(lost.step(), "message lost " + (lost.attempt() + 1) + " times in a row");
    }
    if (lost instanceof Activations a) {
      outstanding = a.retried(nodeId, retryTimeoutMs);
      return new SendDownstream(outstanding);
    }
    completedErrors = ((Errors) lost).retried(nodeId, retryTimeoutMs);
    return new SendUpstream(completedErrors);
  }

  /**
   * The unanswered activations again (a wall-clock safety net for answers that never come), or empty when
   * nothing is outstanding.
   */
  public Optional<Activations> retryOutstanding() {
    if (outstanding == null) return Optional.empty();
    outstanding = outstanding.retried(nodeId, retryTimeoutMs);
    return Optional.of(outstanding);
  }

  /** The step whose answer this node is waiting for, if any. */
  public Optional<Integer> waitingFor() {
    return outstanding == null ? Optional.empty() : Optional.of(outstanding.step());
  }

  public Partition partition() {
    return partition;
  }

  /** What this node has learnt and its clock, between steps: enough to carry on elsewhere. */
  public State state() {
    if (outstanding != null) throw new IllegalStateException(nodeId + ": state taken in the middle of a step");
    return new State(partition.state(), clockMs, completedStep);
  }

  /** Carries on from a state taken by {@link #state()} of the same partition. */
  public void restore(State state) {
    partition.restore(state.partition());
    clockMs = state.clockMs();
    completedStep = state.completedStep();
    completedErrors = null;
    outstanding = null;
    answeredAttempt = 0;
  }

  /**
   * A node's part of a run between two steps.
   *
   * @param completedStep the last step this node finished (-1: none)
   */
  public record State(Partition.State partition, double clockMs, int completedStep) {}

  public double clockMs() {
    return clockMs;
  }

  public int completedStep() {
    return completedStep;
  }

  /** This partition's forward pass of a step whose input arrived at {@code arrivedMs}. */
  private Decision forward(int step, INDArray input, int[] labels, double arrivedMs, List<Span> traceSoFar) {
    double start = Math.max(clockMs, arrivedMs);
    batchSize = labels.length;
    stepSlowdown = slowdown.applyAsDouble(step);
    List<Span> trace = Activations.append(traceSoFar, span(Span.Phase.FORWARD, start, forwardMs()));
    if (!partition.isLast()) {
      INDArray out = partition.forward(input);
      clockMs = start + forwardMs();
      outstanding = new Activations(step, 0, Tensor.of(out), labels, clockMs, trace);
      return new SendDownstream(outstanding);
    }
    Partition.LossAndError result = partition.trainFromLabels(input, OneHot.encode(labels, partition.classes()));
    partition.update();
    clockMs = start + forwardMs() + backwardMs();
    trace.add(span(Span.Phase.BACKWARD, start + forwardMs(), backwardMs()));
    return finish(step, result.loss(), result.inputError(), trace);
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

  private Span span(Span.Phase phase, double start, double durationMs) {
    return new Span(nodeId, phase, start, start + durationMs, 0);
  }

  private double forwardMs() {
    return stepSlowdown * flops.forward(batchSize) / flopsPerMs;
  }

  private double backwardMs() {
    return stepSlowdown * (flops.backward(batchSize) + flops.update()) / flopsPerMs;
  }

}
