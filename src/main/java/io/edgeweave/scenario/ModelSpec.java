package io.edgeweave.scenario;

import java.util.List;

/**
 * The network to train: a multilayer perceptron {@code inputs → hidden... → classes}.
 *
 * @param hidden widths of the hidden dense layers, in order
 * @param activation activation of the hidden layers (relu, tanh, sigmoid, leakyrelu, identity)
 * @param updater optimiser: adam, sgd or nesterovs
 */
public record ModelSpec(
    String type,
    int inputs,
    List<Integer> hidden,
    int classes,
    String activation,
    String updater,
    double learningRate) {

  public ModelSpec {
    hidden = List.copyOf(hidden);
  }

  /** Dense layers including the output layer. */
  public int layerCount() {
    return hidden.size() + 1;
  }

  /** Inputs of dense layer {@code j} (0-based). */
  public int layerInputs(int j) {
    return j == 0 ? inputs : hidden.get(j - 1);
  }

  /** Outputs of dense layer {@code j}: a hidden width, or the classes for the output layer. */
  public int layerOutputs(int j) {
    return j == hidden.size() ? classes : hidden.get(j);
  }

  /** Weights and biases of dense layer {@code j}. */
  public long layerParameters(int j) {
    return (long) layerInputs(j) * layerOutputs(j) + layerOutputs(j);
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
