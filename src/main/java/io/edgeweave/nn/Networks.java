package io.edgeweave.nn;

import io.edgeweave.scenario.LayerDef;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NetworkPlan;
import io.edgeweave.scenario.TensorShape;
import io.edgeweave.tensor.NdArrays;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the DL4J networks of a {@link NetworkPlan}: the whole network, and partitions whose initial
 * parameters are exactly the whole network's. Every JVM derives the same initial weights from the seed,
 * so no weights need to travel before training starts. The whole network of a plan with over-the-air cuts
 * contains each channel as a frozen linear layer (a network of reference for tests; its weights are
 * whatever the caller sets); partitions never contain a channel.
 */
public final class Networks {
  private Networks() {}

  /** The whole model without cuts, initialised from {@code seed}. */
  public static MultiLayerNetwork whole(ModelSpec spec, long seed) {
    return whole(NetworkPlan.of(spec), seed);
  }

  /** Every layer of the plan, channels included, initialised from {@code seed}. */
  public static MultiLayerNetwork whole(NetworkPlan plan, long seed) {
    MultiLayerNetwork net =
        new MultiLayerNetwork(configuration(plan, seed, 0, plan.layers().size(), inputType(plan, 0)));
    net.init();
    return net;
  }

  /** The partitions of {@code whole} (built from {@code plan}), each starting from its parameters. */
  public static List<Partition> split(MultiLayerNetwork whole, NetworkPlan plan) {
    List<Partition> partitions = new ArrayList<>();
    for (int i = 0; i < plan.partitions().size(); i++) partitions.add(partition(whole, plan, i));
    return partitions;
  }

  /** The partitions of a model without over-the-air cuts. */
  public static List<Partition> split(MultiLayerNetwork whole, ModelSpec spec, List<Integer> cuts) {
    return split(whole, NetworkPlan.of(spec, cuts, List.of()));
  }

  /** Partition {@code index} of the plan's network initialised from {@code seed}. */
  public static Partition partition(NetworkPlan plan, long seed, int index) {
    return partition(whole(plan, seed), plan, index);
  }

  /** Partition {@code index} of a model without over-the-air cuts, initialised from {@code seed} and cut at {@code cuts}. */
  public static Partition partition(ModelSpec spec, long seed, List<Integer> cuts, int index) {
    return partition(NetworkPlan.of(spec, cuts, List.of()), seed, index);
  }

  /** Layers {@code [from, to)} of a model without over-the-air cuts, with the given parameters (DL4J's order, layer by layer). */
  public static Partition partition(ModelSpec spec, int from, int to, INDArray parameters) {
    List<Integer> cuts = new ArrayList<>();
    if (from > 0) cuts.add(from);
    if (to < spec.layerCount()) cuts.add(to);
    return partition(NetworkPlan.of(spec, cuts, List.of()), from > 0 ? 1 : 0, parameters.reshape(1, parameters.length()).dup());
  }

  private static Partition partition(MultiLayerNetwork whole, NetworkPlan plan, int index) {
    NetworkPlan.Range r = plan.partitions().get(index);
    return partition(plan, index, parametersOf(whole, r.from(), r.to()));
  }

  /** On {@code nn.fast} when the model asks for it ({@link ModelSpec#fastEngine}), else on DL4J's layers. */
  private static Partition partition(NetworkPlan plan, int index, INDArray parameters) {
    ModelSpec model = plan.model();
    if ("fast".equals(model.engine())) {
      model.fastUnsupported().ifPresent(why -> {
        throw new IllegalArgumentException("model.engine = fast cannot train " + why);
      });
    }
    if (model.fastEngine()) {
      return new Partition(new FastEngine(plan.partition(index), model, NdArrays.toFloats(parameters)), plan, index);
    }
    NetworkPlan.Range r = plan.partitions().get(index);
    PartitionNetwork net = new PartitionNetwork(configuration(plan, 0, r.from(), r.to(), inputType(plan, index)));
    net.init(parameters, false);
    return new Partition(new Dl4jEngine(net), plan, index);
  }

  /** A copy of the parameters of layers {@code [from, to)} of {@code net}, in DL4J's flattened order. */
  public static INDArray parametersOf(MultiLayerNetwork net, int from, int to) {
    List<INDArray> blocks = new ArrayList<>();
    for (int j = from; j < to; j++) {
      INDArray p = net.getLayer(j).params();
      if (p != null && p.length() > 0) blocks.add(p.reshape(p.length()));
    }
    long total = blocks.stream().mapToLong(INDArray::length).sum();
    return blocks.isEmpty()
        ? Nd4j.create(DataType.FLOAT, 1, 0)
        : Nd4j.concat(0, blocks.toArray(INDArray[]::new)).reshape(1, total).dup();
  }

  /** What partition {@code index} receives: the raw flat samples for the first, else the previous output. */
  private static InputType inputType(NetworkPlan plan, int index) {
    TensorShape shape = plan.partitionInput(index);
    if (shape instanceof TensorShape.Grid g) {
      return index == 0
          ? InputType.convolutionalFlat(g.height(), g.width(), g.channels())
          : InputType.convolutional(g.height(), g.width(), g.channels());
    }
    return InputType.feedForward(shape.size());
  }

  /**
   * Layers {@code [from, to)} of the plan. Training uses DL4J's workspaces, as whole networks do: a
   * partition's forward pass returns detached activations, which stay valid until its backward pass.
   */
  private static MultiLayerConfiguration configuration(NetworkPlan plan, long seed, int from, int to, InputType input) {
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(DataType.FLOAT)
            .weightInit(WeightInit.XAVIER)
            .updater(updater(plan.model()))
            .trainingWorkspaceMode(WorkspaceMode.ENABLED)
            .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
            .list();
    for (int j = from; j < to; j++) list.layer(layer(plan.layers().get(j)));
    return list.setInputType(input).build();
  }

  private static Layer layer(LayerDef def) {
    if (def instanceof LayerDef.Dense d) {
      return new DenseLayer.Builder().nOut(d.outputs()).activation(activation(d.activation())).build();
    } else if (def instanceof LayerDef.Output o) {
      return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(o.classes()).activation(Activation.SOFTMAX).build();
    } else if (def instanceof LayerDef.Conv c) {
      return new ConvolutionLayer.Builder(c.kernel(), c.kernel())
          .stride(1, 1)
          .convolutionMode(ConvolutionMode.Same)
          .nOut(c.filters())
          .activation(activation(c.activation()))
          .build();
    } else if (def instanceof LayerDef.Pool p) {
      return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
          .kernelSize(p.size(), p.size())
          .stride(p.size(), p.size())
          .build();
    } else if (def instanceof LayerDef.Precoder p) {
      return linear(p.input(), p.dims());
    } else if (def instanceof LayerDef.PowerNormalization n) {
      return new ActivationLayer.Builder().activation(new PowerNormalization(n.power())).build();
    } else if (def instanceof LayerDef.Channel c) {
      return new FrozenLayerWithBackprop(linear(c.input(), c.outputDims()));
    }
    throw new IllegalArgumentException("no DL4J layer for " + def);
  }

  /** A linear map without bias: dense on a flat vector, a 1×1 convolution on a feature map. */
  private static Layer linear(TensorShape input, int outputs) {
    if (input instanceof TensorShape.Grid) {
      return new ConvolutionLayer.Builder(1, 1)
          .stride(1, 1)
          .convolutionMode(ConvolutionMode.Same)
          .nOut(outputs)
          .activation(Activation.IDENTITY)
          .hasBias(false)
          .build();
    }
    return new DenseLayer.Builder().nOut(outputs).activation(Activation.IDENTITY).hasBias(false).build();
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
