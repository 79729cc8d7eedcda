package io.edgeweave.nn;

import io.edgeweave.scenario.NetworkPlan;
import io.edgeweave.tensor.Tensor;
import java.util.List;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Consecutive layers of a network, trained on one node: forward, backward from an external error (or from
 * labels, for the last partition), and the optimiser update. The arithmetic is DL4J's own, so a chain of
 * partitions computes exactly what the whole network computes. Not thread-safe: one owner at a time.
 */
public final class Partition {
  private final MultiLayerNetwork net;
  private final NetworkPlan plan;
  private final int index;
  private INDArray input;
  private Gradient pendingGradient;
  private int pendingBatchSize;
  private int iteration;

  Partition(MultiLayerNetwork net, NetworkPlan plan, int index) {
    this.net = net;
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

  /**
   * Training-mode forward pass of a partition that is not last; remembers the input for the backward
   * pass. (The last partition goes forward and back in one call, {@link #trainFromLabels}.)
   */
  public INDArray forward(INDArray batch) {
    if (isLast()) throw new IllegalStateException("the last partition trains from labels in one pass");
    input = batch;
    net.setInput(batch);
    List<INDArray> activations = net.feedForward(true, false);
    return activations.get(activations.size() - 1);
  }

  /** The last partition's forward and backward pass from one-hot labels: the loss and dL/dInput. */
  public LossAndError trainFromLabels(INDArray batch, INDArray oneHotLabels) {
    if (!isLast()) throw new IllegalStateException("only the last partition has labels");
    input = batch;
    PartitionNetwork.Result result = ((PartitionNetwork) net).lossGradientAndInputError(batch, oneHotLabels);
    keep(result.gradient());
    return new LossAndError(result.loss(), result.inputError());
  }

  /** Backward pass of a hidden partition from the error at its output: returns dL/dInput. */
  public INDArray backward(INDArray outputError) {
    if (input == null) throw new IllegalStateException("backward before forward");
    Pair<Gradient, INDArray> result = net.backpropGradient(outputError, LayerWorkspaceMgr.noWorkspaces());
    keep(result.getFirst());
    return result.getSecond().detach();
  }

  /** Applies the gradient of the last backward pass once, as DL4J's own training step would. */
  public void update() {
    if (pendingGradient == null) throw new IllegalStateException("no gradient to apply");
    net.getUpdater().update(net, pendingGradient, iteration, 0, pendingBatchSize, LayerWorkspaceMgr.noWorkspaces());
    net.params().subi(pendingGradient.gradient());
    pendingGradient = null;
    input = null;
    iteration++;
  }

  /** Inference-mode output for a batch. */
  public INDArray output(INDArray batch) {
    return net.output(batch, false);
  }

  public INDArray parameters() {
    return net.params();
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
    if (pendingGradient != null) throw new IllegalStateException("state taken in the middle of a step");
    INDArray updater = net.getUpdater().getStateViewArray();
    return new State(
        Tensor.of(net.params()), updater == null ? Tensor.of(new int[] {0}, new float[0]) : Tensor.of(updater), iteration);
  }

  /** Returns this partition to a state taken from a partition of the same layers. */
  public void restore(State state) {
    if (state.parameters().size() != net.numParams()) {
      throw new IllegalArgumentException(
          "state of " + state.parameters().size() + " parameters for a partition of " + net.numParams());
    }
    net.params().assign(state.parameters().toINDArray().reshape(net.params().shape()));
    INDArray updater = net.getUpdater().getStateViewArray();
    if (updater != null) {
      net.getUpdater().setStateViewArray(net, state.optimiser().toINDArray().reshape(updater.shape()), false);
    }
    pendingGradient = null;
    input = null;
    iteration = state.iteration();
  }

  /** Classes of the model (the last partition's output width). */
  public int classes() {
    return plan.model().classes();
  }

  public FlopCount flops() {
    return FlopCount.of(plan, index);
  }

  private void keep(Gradient gradient) {
    pendingGradient = gradient;
    pendingBatchSize = (int) input.size(0);
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
