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
}
