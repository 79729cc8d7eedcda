package io.edgeweave.training;

import io.edgeweave.data.OneHot;
import io.edgeweave.nn.FlopCount;
import io.edgeweave.nn.Partition;
import io.edgeweave.nn.StepArrays;
import io.edgeweave.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One node's part of split training, as a pure state machine: it owns a {@link Partition}, keeps the
 * node's virtual clock, and decides what each arriving message means. Steps run one at a time along the
 * path; a step's batch may be cut into micro-batches that follow one another through the partitions
 * (GPipe): each node forwards the micro-batches in their order, then back-propagates them in their order, and
 * updates once per step after the last. The node computes one micro-batch at a time on its clock, in that fixed
 * order whatever order the messages come in on the wall clock (one that comes before its turn waits for it, see
 * {@link #next}), so that its clock, and the run's virtual times, are the same on every run. Step and micro-batch
 * numbers make every message idempotent:
 *
 * <ul>
 *   <li>activations of a micro-batch are computed once; copies of one in progress or already answered are
 *       ignored, except a newer attempt of one already answered while no later step has begun (a sender
 *       that timed out), which gets the cached errors again: a late copy that finds the next step under
 *       way changes nothing, however late it comes;
 *   <li>errors are applied only for a micro-batch awaiting them, so each step updates the partition once;
 *   <li>a lost message is sent again by its link ({@code WirelessLink}); one the link gave up on fails the step
 *       if it is still needed.
 * </ul>
 */
public final class SplitWorker {
  private final String nodeId;
  private final Partition partition;
  private final FlopCount flops;
  private final double flopsPerMs;
  private final double retryTimeoutMs;
  private final boolean first;
  private final IntToDoubleFunction slowdown;

  private final int microBatches;

  private double clockMs;
  private int completedStep = -1;
  /** The latest step this node has begun (-1: none); the state below is of it. */
  private int step = -1;
  /** Per micro-batch: the attempt answered, the errors sent upstream (kept for resends), the activations awaiting errors. */
  private int[] answeredAttempt;
  private Errors[] answered;
  private Activations[] outstanding;
  private int backwards;
  /** The step's micro-batches forwarded so far. */
  private int forwarded;
  /** Per micro-batch, activations or errors that came before their turn. */
  private Activations[] earlyActivations;
  private Errors[] earlyErrors;
  /** First node: the step's batch, each micro-batch's loss summed over its samples. */
  private INDArray stepFeatures;
  private int[] stepLabels;
  private double[] losses;
  /** First node: each micro-batch's trace, all of which the step's result carries (in micro-batch order). */
  private List<List<Span>> traces;
  private double stepStartMs;
  private double stepSlowdown = 1;
  /**
   * Native arrays this node made for the step in progress (inputs decoded from messages, micro-batch slices, one-hot
   * labels), released once the step is done here rather than at some garbage collection.
   */
  private final StepArrays stepArrays = new StepArrays();

  /**
   * @param slowdown how many times slower than its rate the node computes in each step (1: at its rate)
   * @param microBatches how many micro-batches each step's batch is cut into (1: none)
   */
  public SplitWorker(
      String nodeId,
      Partition partition,
      boolean first,
      double flopsPerSecond,
      double retryTimeoutMs,
      IntToDoubleFunction slowdown,
      int microBatches) {
    this.nodeId = nodeId;
    this.microBatches = microBatches;
    this.slowdown = slowdown;
    this.partition = partition;
    this.flops = partition.flops();
    this.first = first;
    this.flopsPerMs = flopsPerSecond / 1000.0;
    this.retryTimeoutMs = retryTimeoutMs;
    clearMicroBatches();
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

  /**
   * First node: begins a new step on a local batch and forwards its first micro-batch; {@link #forwardNext}
   * forwards the others. The node takes {@code features} over: they are released once the step is done here.
   */
  public Decision startStep(int step, INDArray features, int[] labels) {
    if (!first) throw new IllegalStateException(nodeId + " holds no data: it cannot start a step");
    if (step <= this.step) throw new IllegalStateException(nodeId + ": step " + step + " started twice");
    if (labels.length < microBatches) {
      throw new IllegalArgumentException("a batch of " + labels.length + " cannot be cut into " + microBatches + " micro-batches");
    }
    begin(step);
    stepStartMs = clockMs;
    stepFeatures = stepArrays.add(features);
    stepLabels = labels;
    losses = new double[microBatches];
    traces = new ArrayList<>(Collections.nCopies(microBatches, List.of()));
    return forwardNext().orElseThrow();
  }

  /** First node: forwards the step's next micro-batch, or empty when all are. */
  public Optional<Decision> forwardNext() {
    if (stepFeatures == null) return Optional.empty();
    int k = forwarded++;
    int from = start(k, stepLabels.length, microBatches);
    int to = start(k + 1, stepLabels.length, microBatches);
    INDArray features =
        microBatches == 1 ? stepFeatures : stepArrays.add(stepFeatures.get(NDArrayIndex.interval(from, to)).dup());
    int[] labels = microBatches == 1 ? stepLabels : Arrays.copyOfRange(stepLabels, from, to);
    if (forwarded == microBatches) stepFeatures = null;
    return Optional.of(forward(k, features, labels, clockMs, List.of()));
  }

  /** Activations arriving from the previous partition: computed now if it is their turn, or kept until it is. */
  public Decision onActivations(Activations in) {
    if (in.step() < step) return Ignore.INSTANCE;
    if (in.step() == step) {
      int k = in.micro();
      Errors cached = answered[k];
      if (cached != null && in.attempt() > answeredAttempt[k]) {
        answeredAttempt[k] = in.attempt();
        double at = Math.max(cached.timeMs(), in.timeMs());
        return new SendUpstream(new Errors(step, k, in.attempt(), cached.values(), cached.loss(), at, cached.trace()));
      }
      if (cached != null || answeredAttempt[k] >= 0 || step == completedStep) return Ignore.INSTANCE;
      if (earlyActivations[k] != null) return Ignore.INSTANCE;
    } else {
      begin(in.step());
    }
    if (in.micro() != forwarded) {
      earlyActivations[in.micro()] = in;
      return Ignore.INSTANCE;
    }
    return forwardArrived(in);
  }

  /** Errors arriving from the next partition: applied now if it is their turn, or kept until it is. */
  public Decision onErrors(Errors in) {
    int k = in.micro();
    if (in.step() != step || outstanding[k] == null || earlyErrors[k] != null) return Ignore.INSTANCE;
    if (forwarded < microBatches || k != backwards) {
      earlyErrors[k] = in;
      return Ignore.INSTANCE;
    }
    return backwardArrived(in);
  }

  /**
   * A message kept until its turn whose turn has now come, computed: the next micro-batch's activations, or, once
   * every micro-batch of the step has gone forward here, the next one's errors. Empty when none waits; the host calls
   * it after every message until it is.
   */
  public Optional<Decision> next() {
    if (!first && forwarded < microBatches && earlyActivations[forwarded] != null) {
      Activations a = earlyActivations[forwarded];
      earlyActivations[forwarded] = null;
      return Optional.of(forwardArrived(a));
    }
    if (forwarded == microBatches && backwards < microBatches && earlyErrors[backwards] != null) {
      Errors e = earlyErrors[backwards];
      earlyErrors[backwards] = null;
      return Optional.of(backwardArrived(e));
    }
    return Optional.empty();
  }

  private Decision forwardArrived(Activations in) {
    answeredAttempt[in.micro()] = in.attempt();
    forwarded++;
    return forward(in.micro(), stepArrays.add(in.values().toINDArray()), in.labels(), in.timeMs(), in.trace());
  }

  private Decision backwardArrived(Errors in) {
    int k = in.micro();
    int samples = outstanding[k].labels().length;
    outstanding[k] = null;
    double start = Math.max(clockMs, in.timeMs());
    INDArray inputError = partition.backward(k, stepArrays.add(in.values().toINDArray()), !first);
    boolean last = ++backwards == microBatches;
    if (last) partition.update();
    double duration = backwardMs(samples, last);
    clockMs = start + duration;
    List<Span> trace = Activations.append(in.trace(), span(Span.Phase.BACKWARD, start, duration));
    return finish(k, samples, in.loss(), inputError, trace);
  }

  /** A message of this node that its link gave up on after its resends: the step fails, unless it no longer needs it. */
  public Decision onLost(StepMessage lost) {
    int k = lost.micro();
    boolean current = lost.step() == step;
    boolean needed = current && (lost instanceof Activations ? outstanding[k] != null : answered[k] != null);
    return needed ? new Failed(lost.step(), "message lost " + (lost.attempt() + 1) + " times in a row") : Ignore.INSTANCE;
  }

  /**
   * The activations of micro-batch {@code micro} of {@code step} again if they are still unanswered (a
   * wall-clock safety net for answers that never come), or empty.
   */
  public Optional<Activations> retryOutstanding(int step, int micro) {
    if (step != this.step || outstanding[micro] == null) return Optional.empty();
    outstanding[micro] = outstanding[micro].retried(nodeId, retryTimeoutMs);
    return Optional.of(outstanding[micro]);
  }

  public Partition partition() {
    return partition;
  }

  /** What this node has learnt and its clock, between steps: enough to carry on elsewhere. */
  public State state() {
    if (step != completedStep) throw new IllegalStateException(nodeId + ": state taken in the middle of a step");
    return new State(partition.state(), clockMs, completedStep);
  }

  /** Carries on from a state taken by {@link #state()} of the same partition. */
  public void restore(State state) {
    partition.restore(state.partition());
    clockMs = state.clockMs();
    completedStep = state.completedStep();
    step = completedStep;
    clearMicroBatches();
    stepFeatures = null;
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

  /** A new step: no micro-batch of it seen yet. */
  private void begin(int step) {
    this.step = step;
    clearMicroBatches();
    stepSlowdown = slowdown.applyAsDouble(step);
  }

  private void clearMicroBatches() {
    answered = new Errors[microBatches];
    outstanding = new Activations[microBatches];
    answeredAttempt = new int[microBatches];
    Arrays.fill(answeredAttempt, -1);
    earlyActivations = new Activations[microBatches];
    earlyErrors = new Errors[microBatches];
    backwards = 0;
    forwarded = 0;
  }

  /** This partition's forward pass of micro-batch {@code k} of the step, whose input arrived at {@code arrivedMs}. */
  private Decision forward(int k, INDArray input, int[] labels, double arrivedMs, List<Span> traceSoFar) {
    double start = Math.max(clockMs, arrivedMs);
    double forwardMs = forwardMs(labels.length);
    List<Span> trace = Activations.append(traceSoFar, span(Span.Phase.FORWARD, start, forwardMs));
    if (!partition.isLast()) {
      INDArray out = partition.forward(k, input);
      clockMs = start + forwardMs;
      outstanding[k] = new Activations(step, k, 0, Tensor.of(out), labels, clockMs, trace);
      return new SendDownstream(outstanding[k]);
    }
    Partition.LossAndError result =
        partition.trainFromLabels(k, input, stepArrays.add(OneHot.encode(labels, partition.classes())), !first);
    boolean last = ++backwards == microBatches;
    if (last) partition.update();
    double backwardMs = backwardMs(labels.length, last);
    clockMs = start + forwardMs + backwardMs;
    trace.add(span(Span.Phase.BACKWARD, start + forwardMs, backwardMs));
    return finish(k, labels.length, result.loss(), result.inputError(), trace);
  }

  /** After micro-batch {@code k}'s backward pass (of {@code samples} samples, mean loss {@code loss}). */
  private Decision finish(int k, int samples, double loss, INDArray inputError, List<Span> trace) {
    if (!first) answered[k] = new Errors(step, k, 0, Tensor.of(inputError), loss, clockMs, trace);
    if (backwards == microBatches) {
      completedStep = step;
      stepArrays.release();
    }
    if (!first) return new SendUpstream(answered[k]);
    losses[k] = loss * samples;
    traces.set(k, trace);
    if (backwards < microBatches) return Ignore.INSTANCE;
    if (microBatches == 1) return new Completed(new StepResult(step, loss, stepStartMs, clockMs, trace));
    List<Span> all = traces.stream().flatMap(List::stream).toList();
    return new Completed(new StepResult(step, Arrays.stream(losses).sum() / stepLabels.length, stepStartMs, clockMs, all));
  }

  /** Where micro-batch {@code k} of {@code micros} begins in a batch of {@code samples}: sizes differ by at most one. */
  private static int start(int k, int samples, int micros) {
    return k * (samples / micros) + Math.min(k, samples % micros);
  }

  private Span span(Span.Phase phase, double start, double durationMs) {
    return new Span(nodeId, phase, start, start + durationMs, 0);
  }

  private double forwardMs(int samples) {
    return stepSlowdown * flops.forward(samples) / flopsPerMs;
  }

  /** The backward pass of {@code samples}, with the update when it is the step's last. */
  private double backwardMs(int samples, boolean withUpdate) {
    return stepSlowdown * (flops.backward(samples) + (withUpdate ? flops.update() : 0)) / flopsPerMs;
  }
}
