package io.edgeweave.nn;

import io.edgeweave.tensor.NdArrays;
import io.edgeweave.tensor.Tensor;
import java.util.List;
import java.util.TreeMap;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A partition computed by DL4J's own layers, so a chain of them computes exactly what the whole network computes. */
final class Dl4jEngine implements PartitionEngine {
  private final PartitionNetwork net;
  private Gradient pendingGradient;
  private int pendingBatchSize;
  private List<INDArray> activations;
  /** The gradients of the step's micro-batches (of their summed losses), summed in micro-batch order at the update. */
  private final TreeMap<Integer, INDArray> kept = new TreeMap<>();
  /** The activations and input errors of the step (made outside DL4J's workspaces), released at the next step. */
  private final StepArrays stepArrays = new StepArrays();

  Dl4jEngine(PartitionNetwork net) {
    this.net = net;
  }

  @Override
  public INDArray forward(INDArray batch) {
    stepArrays.beginPass();
    pendingBatchSize = (int) batch.size(0);
    net.setInput(batch);
    activations = net.feedForward(true, false);
    stepArrays.addAll(activations.subList(1, activations.size()));
    return activations.get(activations.size() - 1);
  }

  /** The activations of the forward pass: each layer's input (before its preprocessor) and the output. */
  @Override
  public Object forwardState() {
    return activations;
  }

  /** Gives every layer back its input of that forward pass: all that DL4J's backward pass reads of it. */
  @Override
  public void restoreForward(Object state) {
    @SuppressWarnings("unchecked")
    List<INDArray> kept = (List<INDArray>) state;
    LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();
    int batch = (int) kept.get(0).size(0);
    net.setInput(kept.get(0));
    for (int i = 0; i < net.getnLayers(); i++) {
      InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
      INDArray input = pre == null ? kept.get(i) : pre.preProcess(kept.get(i), batch, workspaces);
      net.getLayer(i).setInput(input, workspaces);
    }
    activations = kept;
    pendingBatchSize = batch;
  }

  @Override
  public Partition.LossAndError trainFromLabels(INDArray batch, INDArray oneHotLabels, boolean inputError) {
    stepArrays.beginPass();
    pendingBatchSize = (int) batch.size(0);
    PartitionNetwork.Result result = net.lossGradientAndInputError(batch, oneHotLabels);
    stepArrays.add(result.inputError());
    pendingGradient = result.gradient();
    return new Partition.LossAndError(result.loss(), result.inputError());
  }

  /** DL4J's layers compute the input error whether asked or not. */
  @Override
  public INDArray backward(INDArray outputError, boolean inputError) {
    Pair<Gradient, INDArray> result = net.backpropGradient(outputError, LayerWorkspaceMgr.noWorkspaces());
    pendingGradient = result.getFirst();
    return stepArrays.add(result.getSecond().detach());
  }

  @Override
  public float[] gradient() {
    return NdArrays.toFloats(pendingGradient.gradient());
  }

  @Override
  public void keepGradient(int micro) {
    if (kept.put(micro, pendingGradient.gradient().dup()) != null) {
      throw new IllegalStateException("two gradients of micro-batch " + micro);
    }
  }

  @Override
  public void useKeptGradients(int samples) {
    INDArray sum = null;
    for (INDArray gradient : kept.values()) sum = sum == null ? gradient : sum.addi(gradient);
    INDArray flat = pendingGradient.gradient();
    flat.assign(sum.reshape(flat.shape()));
    pendingBatchSize = samples;
    forgetKept();
  }

  private void forgetKept() {
    for (INDArray gradient : kept.values()) {
      if (gradient.closeable()) gradient.close();
    }
    kept.clear();
  }

  @Override
  public void update(int iteration) {
    net.getUpdater().update(net, pendingGradient, iteration, 0, pendingBatchSize, LayerWorkspaceMgr.noWorkspaces());
    net.params().subi(pendingGradient.gradient());
    pendingGradient = null;
    stepArrays.stepDone();
  }

  @Override
  public INDArray output(INDArray batch) {
    return net.output(batch, false);
  }

  @Override
  public INDArray parameters() {
    return net.params();
  }

  @Override
  public Tensor optimiserState() {
    INDArray updater = net.getUpdater().getStateViewArray();
    return updater == null ? Tensor.of(new int[] {0}, new float[0]) : Tensor.of(updater);
  }

  @Override
  public void restore(Tensor parameters, Tensor optimiser, int iteration) {
    if (parameters.size() != net.numParams()) {
      throw new IllegalArgumentException("state of " + parameters.size() + " parameters for a partition of " + net.numParams());
    }
    net.params().assign(parameters.toINDArray().reshape(net.params().shape()));
    INDArray updater = net.getUpdater().getStateViewArray();
    if (updater != null) net.getUpdater().setStateViewArray(net, optimiser.toINDArray().reshape(updater.shape()), false);
    pendingGradient = null;
    forgetKept();
  }
}
