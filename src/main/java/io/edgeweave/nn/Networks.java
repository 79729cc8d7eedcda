package io.edgeweave.nn;

import io.edgeweave.scenario.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the DL4J networks of a {@link ModelSpec}: the whole network, and partitions of consecutive layers
 * whose initial parameters are exactly the whole network's. Every JVM derives the same initial weights
 * from the seed, so no weights need to travel before training starts.
 */
public final class Networks {
  private Networks() {}

  /** The whole network, initialised from {@code seed}. */
  public static MultiLayerNetwork whole(ModelSpec spec, long seed) {
    MultiLayerNetwork net = new MultiLayerNetwork(configuration(spec, seed, 0, spec.layerCount()));
    net.init();
    return net;
  }

  /**
   * The partitions of a network cut at {@code cuts} (partition i holds layers [cuts[i-1], cuts[i])), each
   * starting from the parameters of {@code whole}.
   */
  public static List<Partition> split(MultiLayerNetwork whole, ModelSpec spec, List<Integer> cuts) {
    List<Integer> bounds = bounds(spec, cuts);
    List<Partition> partitions = new ArrayList<>();
    for (int i = 0; i + 1 < bounds.size(); i++) {
      partitions.add(partition(whole, spec, bounds.get(i), bounds.get(i + 1)));
    }
    return partitions;
  }

  /** Partition {@code index} of a network initialised from {@code seed} and cut at {@code cuts}. */
  public static Partition partition(ModelSpec spec, long seed, List<Integer> cuts, int index) {
    List<Integer> bounds = bounds(spec, cuts);
    return partition(whole(spec, seed), spec, bounds.get(index), bounds.get(index + 1));
  }

  /** Layers {@code [from, to)} of the model with the given parameters (in DL4J's order, layer by layer). */
  public static Partition partition(ModelSpec spec, int from, int to, INDArray parameters) {
    MultiLayerNetwork net = new PartitionNetwork(configuration(spec, 0, from, to));
    net.init(parameters.reshape(1, parameters.length()).dup(), false);
    return new Partition(net, spec, from, to);
  }

  private static Partition partition(MultiLayerNetwork whole, ModelSpec spec, int from, int to) {
    MultiLayerNetwork net = new PartitionNetwork(configuration(spec, 0, from, to));
    net.init(parameterSlice(whole, spec, from, to).dup(), false);
    return new Partition(net, spec, from, to);
  }

  /** Layer boundaries: 0, cuts..., layerCount. */
  public static List<Integer> bounds(ModelSpec spec, List<Integer> cuts) {
    List<Integer> bounds = new ArrayList<>();
    bounds.add(0);
    for (int cut : cuts) {
      if (cut <= bounds.get(bounds.size() - 1) || cut >= spec.layerCount()) {
        throw new IllegalArgumentException("cuts " + cuts + " do not split " + spec.layerCount() + " layers");
      }
      bounds.add(cut);
    }
    bounds.add(spec.layerCount());
    return bounds;
  }

  private static INDArray parameterSlice(MultiLayerNetwork whole, ModelSpec spec, int from, int to) {
    long start = 0;
    for (int j = 0; j < from; j++) start += parameterCount(spec, j);
    long length = 0;
    for (int j = from; j < to; j++) length += parameterCount(spec, j);
    INDArray all = whole.params();
    return all.reshape(all.length()).get(NDArrayIndex.interval(start, start + length)).reshape(1, length);
  }

  /** Width of the input of layer {@code j}. */
  public static int inputWidth(ModelSpec spec, int j) {
    return j == 0 ? spec.inputs() : spec.hidden().get(j - 1);
  }

  /** Width of the output of layer {@code j}. */
  public static int outputWidth(ModelSpec spec, int j) {
    return j == spec.hidden().size() ? spec.classes() : spec.hidden().get(j);
  }

  /** Weights and biases of layer {@code j}. */
  public static long parameterCount(ModelSpec spec, int j) {
    return (long) inputWidth(spec, j) * outputWidth(spec, j) + outputWidth(spec, j);
  }

  /**
   * Layers {@code [from, to)} of the model. Training uses DL4J's workspaces, as whole networks do: a
   * partition's forward pass returns detached activations, which stay valid until its backward pass.
   */
  private static MultiLayerConfiguration configuration(ModelSpec spec, long seed, int from, int to) {
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(DataType.FLOAT)
            .weightInit(WeightInit.XAVIER)
            .updater(updater(spec))
            .trainingWorkspaceMode(WorkspaceMode.ENABLED)
            .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
            .list();
    for (int j = from; j < to; j++) list.layer(layer(spec, j));
    return list.build();
  }

  private static Layer layer(ModelSpec spec, int j) {
    int in = inputWidth(spec, j);
    int out = outputWidth(spec, j);
    if (j == spec.hidden().size()) {
      return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
          .nIn(in)
          .nOut(out)
          .activation(Activation.SOFTMAX)
          .build();
    }
    return new DenseLayer.Builder().nIn(in).nOut(out).activation(activation(spec.activation())).build();
  }

  private static Activation activation(String name) {
    return switch (name) {
      case "relu" -> Activation.RELU;
      case "tanh" -> Activation.TANH;
      case "sigmoid" -> Activation.SIGMOID;
      case "leakyrelu" -> Activation.LEAKYRELU;
      case "identity" -> Activation.IDENTITY;
      default -> throw new IllegalArgumentException("unknown activation: " + name);
    };
  }

  private static IUpdater updater(ModelSpec spec) {
    return switch (spec.updater()) {
      case "adam" -> new Adam(spec.learningRate());
      case "sgd" -> new Sgd(spec.learningRate());
      case "nesterovs" -> new Nesterovs(spec.learningRate(), 0.9);
      default -> throw new IllegalArgumentException("unknown updater: " + spec.updater());
    };
  }
}
