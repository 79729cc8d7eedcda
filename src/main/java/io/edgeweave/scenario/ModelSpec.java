package io.edgeweave.scenario;

import java.util.List;
import java.util.Optional;

/**
 * The network to train: a multilayer perceptron {@code inputs → hidden... → classes}, or a CNN whose
 * convolution blocks come first, on an {@code image} of {@code inputs} values. Its layers, counted for
 * cuts, are the convolution blocks, the hidden dense layers and the output layer.
 *
 * @param hidden widths of the hidden dense layers, in order
 * @param activation activation of the hidden layers (relu, tanh, sigmoid, leakyrelu, identity)
 * @param updater optimiser: adam, sgd or nesterovs
 * @param convolutions the convolution blocks of a CNN (empty for an MLP)
 * @param image a CNN's input as channels × height × width ({@code null} for an MLP)
 * @param engine what computes split training's partitions: {@code dl4j}, {@code fast} ({@code nn.fast}), or
 *     {@code auto} (fast when it supports the model)
 */
public record ModelSpec(
    String type,
    int inputs,
    List<Integer> hidden,
    int classes,
    String activation,
    String updater,
    double learningRate,
    List<ConvSpec> convolutions,
    TensorShape.Grid image,
    String engine) {
  public static final List<String> ENGINES = List.of("auto", "dl4j", "fast");

  public ModelSpec {
    hidden = List.copyOf(hidden);
    convolutions = List.copyOf(convolutions);
    if (engine == null) engine = "dl4j"; // checkpoints written before the engine existed
    if (!ENGINES.contains(engine)) throw new IllegalArgumentException("engine " + engine + ", not one of " + ENGINES);
  }

  /** A model trained by DL4J's layers. */
  public ModelSpec(
      String type,
      int inputs,
      List<Integer> hidden,
      int classes,
      String activation,
      String updater,
      double learningRate,
      List<ConvSpec> convolutions,
      TensorShape.Grid image) {
    this(type, inputs, hidden, classes, activation, updater, learningRate, convolutions, image, "dl4j");
  }

  /**
   * Why {@code nn.fast} cannot train this model's partitions, or empty when it can: it trains with Adam,
   * ReLU or identity activations and odd convolution kernels.
   */
  public Optional<String> fastUnsupported() {
    if (!"adam".equals(updater)) return Optional.of("updater " + updater + " (only adam)");
    if (!List.of("relu", "identity").contains(activation)) {
      return Optional.of("activation " + activation + " (only relu, identity)");
    }
    for (int i = 0; i < convolutions.size(); i++) {
      int kernel = convolutions.get(i).kernel();
      if (kernel % 2 == 0) {
        return Optional.of("convolution block " + (i + 1) + ": even kernel " + kernel + " (only odd kernels)");
      }
    }
    return Optional.empty();
  }

  /** Whether split training's partitions of this model run on {@code nn.fast}. */
  public boolean fastEngine() {
    return "fast".equals(engine) || ("auto".equals(engine) && fastUnsupported().isEmpty());
  }

  /** The same model computed by {@code engine}. */
  public ModelSpec withEngine(String engine) {
    return new ModelSpec(type, inputs, hidden, classes, activation, updater, learningRate, convolutions, image, engine);
  }

  /** A multilayer perceptron. */
  public ModelSpec(
      String type, int inputs, List<Integer> hidden, int classes, String activation, String updater, double learningRate) {
    this(type, inputs, hidden, classes, activation, updater, learningRate, List.of(), null);
  }

  /** The shape of one input sample. */
  public TensorShape inputShape() {
    return image != null ? image : new TensorShape.Flat(inputs);
  }

  /** Layers that cuts count: convolution blocks, hidden dense layers, the output layer. */
  public int layerCount() {
    return convolutions.size() + hidden.size() + 1;
  }

  /** Weights and biases of layer {@code j}. */
  public long layerParameters(int j) {
    return NetworkPlan.modelLayerParameters(this, j);
  }

  /** Parameters of layers {@code [from, to)}. */
  public long parameterCount(int from, int to) {
    long sum = 0;
    for (int j = from; j < to; j++) sum += layerParameters(j);
    return sum;
  }

  /** Float arrays of parameter size a trainer keeps: the parameters plus the updater's state. */
  public int parameterCopies() {
    return switch (updater) {
      case "adam" -> 3;
      case "nesterovs" -> 2;
      case "sgd" -> 1;
      default -> throw new IllegalStateException("unknown updater: " + updater);
    };
  }

  /** Bytes of float32 parameters and optimiser state for training layers {@code [from, to)}. */
  public long trainingBytes(int from, int to) {
    return parameterCount(from, to) * parameterCopies() * Float.BYTES;
  }
}
