package io.edgeweave.nn;

import io.edgeweave.scenario.NetworkPlan;
import io.edgeweave.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Consecutive layers of a network, trained on one node: forward, backward from an external error (or from
 * labels, for the last partition), and the optimiser update. An engine computes it: DL4J's own layers, so
 * that a chain of partitions computes exactly what the whole network computes, or {@code nn.fast}, which
 * computes the same within float32 rounding (see {@link Networks}). Either takes and gives DL4J's shapes,
 * parameter order and optimiser state. Not thread-safe: one owner at a time.
 */
public final class Partition {
  private final PartitionEngine engine;
  private final NetworkPlan plan;
  private final int index;
  /** Per micro-batch between its passes, what the engine's backward pass needs of its forward. */
  private final Map<Integer, Object> forwards = new HashMap<>();
  private final Map<Integer, Integer> inputSizes = new HashMap<>();
  private int lastForward = -1;
  private boolean pendingGradient;
  /**
   * Whether the engine keeps micro-batch gradients of the step besides the one it holds ({@code pendingMicro}'s). They
   * come in micro-batch order (a node computes its micro-batches in one fixed order, ADR 30), so the engines sum them
   * in that order.
   */
  private boolean kept;
  private int pendingMicro;
  private int gradientSamples;
  private int iteration;

  Partition(PartitionEngine engine, NetworkPlan plan, int index) {
    this.engine = engine;
    this.plan = plan;
    this.index = index;
  }

  /** Whether this partition ends in the output layer (and so computes the loss). */
  public boolean isLast() {
    return plan.isLast(index);
  }

  /** Which partition of the plan this is. */
  public int index() {
    return index;
  }

  /** Whether {@code nn.fast} computes this partition (otherwise DL4J's layers do). */
  public boolean isFast() {
    return engine instanceof FastEngine;
  }

  /**
   * Training-mode forward pass of a partition that is not last; remembers the input for the backward
   * pass. (The last partition goes forward and back in one call, {@link #trainFromLabels}.)
   */
  public INDArray forward(INDArray batch) {
    return forward(0, batch);
  }

  /**
   * Forward pass of micro-batch {@code micro} of a step: its input is kept until its {@link #backward(int,
   * INDArray)}, so that several micro-batches can be between the two passes at once.
   */
  public INDArray forward(int micro, INDArray batch) {
    if (isLast()) throw new IllegalStateException("the last partition trains from labels in one pass");
    INDArray output = engine.forward(batch);
    forwards.put(micro, engine.forwardState());
    inputSizes.put(micro, (int) batch.size(0));
    lastForward = micro;
    return output;
  }

  /** The last partition's forward and backward pass from one-hot labels: the loss and dL/dInput. */
  public LossAndError trainFromLabels(INDArray batch, INDArray oneHotLabels) {
    return trainFromLabels(0, batch, oneHotLabels, true);
  }

  /** As {@link #trainFromLabels(INDArray, INDArray)} for micro-batch {@code micro}, its gradient kept for the step's. */
  public LossAndError trainFromLabels(int micro, INDArray batch, INDArray oneHotLabels) {
    return trainFromLabels(micro, batch, oneHotLabels, true);
  }

  /**
   * As {@link #trainFromLabels(int, INDArray, INDArray)}; without {@code inputError} (nobody needs it: the partition
   * is also the first) the engine may skip computing the error at the input, which is then null.
   */
  public LossAndError trainFromLabels(int micro, INDArray batch, INDArray oneHotLabels, boolean inputError) {
    if (!isLast()) throw new IllegalStateException("only the last partition has labels");
    keepGradient(micro);
    LossAndError result = engine.trainFromLabels(batch, oneHotLabels, inputError);
    gradientSamples += (int) batch.size(0);
    pendingMicro = micro;
    pendingGradient = true;
    return result;
  }

  /** Backward pass of a hidden partition from the error at its output: returns dL/dInput. */
  public INDArray backward(INDArray outputError) {
    return backward(0, outputError);
  }

  /**
   * Backward pass of micro-batch {@code micro} from the error at its output: returns dL/dInput, and adds the
   * micro-batch's gradient (of its summed loss) to the step's, which {@link #update} applies once. Of a micro-batch
   * that is not the last one forwarded, the engine gets back what it kept of its forward pass (DL4J: each layer's
   * input; {@code nn.fast}: the buffers of that pass).
   */
  public INDArray backward(int micro, INDArray outputError) {
    return backward(micro, outputError, true);
  }

  /**
   * As {@link #backward(int, INDArray)}; without {@code inputError} (nobody needs it: the first partition) the
   * engine may skip computing dL/dInput, and null may be returned.
   */
  public INDArray backward(int micro, INDArray outputError, boolean inputError) {
    Object state = forwards.remove(micro);
    Integer samples = inputSizes.remove(micro);
    if (samples == null) throw new IllegalStateException("backward of micro-batch " + micro + " before its forward");
    if (lastForward != micro) engine.restoreForward(state);
    lastForward = -1;
    keepGradient(micro);
    INDArray result = engine.backward(outputError, inputError);
    gradientSamples += samples;
    pendingMicro = micro;
    pendingGradient = true;
    return result;
  }

  /** Before the engine computes micro-batch {@code next}'s gradient: keeps the pending one, of an earlier micro-batch. */
  private void keepGradient(int next) {
    if (!pendingGradient) return;
    if (next <= pendingMicro) {
      throw new IllegalStateException("the gradient of micro-batch " + next + " after that of " + pendingMicro
          + ": a step's micro-batches go back in their order");
    }
    kept = true;
    engine.keepGradient(pendingMicro);
  }

  /** The gradient of the last backward pass (for tests): of the summed loss, in DL4J's flat order. */
  float[] gradient() {
    if (!pendingGradient) throw new IllegalStateException("no gradient");
    return engine.gradient();
  }

  /**
   * Applies the step's gradient once, as DL4J's own training step would: of the last backward pass, or the
   * sum over the micro-batches since the last update, in micro-batch order (the whole batch's).
   */
  public void update() {
    if (!pendingGradient) throw new IllegalStateException("no gradient to apply");
    if (kept) {
      engine.keepGradient(pendingMicro);
      engine.useKeptGradients(gradientSamples);
    }
    engine.update(iteration);
    clearStep();
    iteration++;
  }

  private void clearStep() {
    pendingGradient = false;
    kept = false;
    gradientSamples = 0;
    forwards.clear();
    inputSizes.clear();
    lastForward = -1;
  }

  /** Inference-mode output for a batch. */
  public INDArray output(INDArray batch) {
    return engine.output(batch);
  }

  /** The parameters as one flat vector, in DL4J's order. */
  public INDArray parameters() {
    return engine.parameters();
  }

  /** Updates applied so far. */
  public int iteration() {
    return iteration;
  }

  /**
   * A copy of what training has changed: parameters, optimiser state (empty for stateless optimisers) and
   * the update count (Adam's bias correction depends on it). Taken between steps.
   */
  public State state() {
    if (pendingGradient) throw new IllegalStateException("state taken in the middle of a step");
    return new State(Tensor.of(engine.parameters()), engine.optimiserState(), iteration);
  }

  /** Returns this partition to a state taken from a partition of the same layers (by either engine). */
  public void restore(State state) {
    engine.restore(state.parameters(), state.optimiser(), state.iteration());
    clearStep();
    iteration = state.iteration();
  }

  /** Classes of the model (the last partition's output width). */
  public int classes() {
    return plan.model().classes();
  }

  public FlopCount flops() {
    return FlopCount.of(plan, index);
  }

  /**
   * What a partition has learnt, as message values.
   *
   * @param optimiser the optimiser's state (e.g. Adam's moments), empty when it keeps none
   * @param iteration updates applied
   */
  public record State(Tensor parameters, Tensor optimiser, int iteration) {}

  /** The loss of a batch and the error at the partition's input. */
  public record LossAndError(double loss, INDArray inputError) {}
}
