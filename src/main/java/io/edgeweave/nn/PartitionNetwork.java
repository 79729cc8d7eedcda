package io.edgeweave.nn;

import java.util.List;
import org.deeplearning4j.nn.api.FwdPassType;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link MultiLayerNetwork} that, ending in an output layer, computes the loss, the parameter gradient
 * and the error at its input in one forward and one backward pass inside DL4J's training workspaces, as
 * {@code fit()} does. DL4J's public calls need two forward passes for the same result
 * ({@code calculateGradients} gives no loss, {@code score} no gradient).
 */
final class PartitionNetwork extends MultiLayerNetwork {

  PartitionNetwork(MultiLayerConfiguration configuration) {
    super(configuration);
  }

  /** The loss, the gradient (a view of this network's gradient buffer) and dL/dInput, detached. */
  Result lossGradientAndInputError(INDArray features, INDArray labels) {
    setInput(features);
    setLabels(labels);
    LayerWorkspaceMgr workspaces =
        LayerWorkspaceMgr.builder()
            .with(ArrayType.INPUT, WS_ALL_LAYERS_ACT, WS_ALL_LAYERS_ACT_CONFIG)
            .with(ArrayType.ACTIVATIONS, WS_ALL_LAYERS_ACT, WS_ALL_LAYERS_ACT_CONFIG)
            .with(ArrayType.FF_WORKING_MEM, WS_LAYER_WORKING_MEM, WS_LAYER_WORKING_MEM_CONFIG)
            .with(ArrayType.BP_WORKING_MEM, WS_LAYER_WORKING_MEM, WS_LAYER_WORKING_MEM_CONFIG)
            .with(ArrayType.RNN_FF_LOOP_WORKING_MEM, WS_RNN_LOOP_WORKING_MEM, WS_RNN_LOOP_WORKING_MEM_CONFIG)
            .with(ArrayType.RNN_BP_LOOP_WORKING_MEM, WS_RNN_LOOP_WORKING_MEM, WS_RNN_LOOP_WORKING_MEM_CONFIG)
            .build();
    workspaces.setHelperWorkspacePointers(helperWorkspaces);
    try (MemoryWorkspace activations = workspaces.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
      List<INDArray> hidden = ffToLayerActivationsInWs(getnLayers() - 2, FwdPassType.STANDARD, false, input, mask, null);
      getOutputLayer().setInput(hidden.get(hidden.size() - 1), workspaces);
      Pair<Gradient, INDArray> backward = calcBackpropGradients(null, true, false, true);
      double loss;
      try (MemoryWorkspace working = workspaces.notifyScopeEntered(ArrayType.FF_WORKING_MEM)) {
        loss = ((IOutputLayer) getOutputLayer()).computeScore(calcRegularizationScore(true), true, workspaces);
      }
      return new Result(loss, backward.getFirst(), backward.getSecond().detach());
    }
  }

  record Result(double loss, Gradient gradient, INDArray inputError) {}
}
