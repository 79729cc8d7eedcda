package io.edgeweave.genai;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * ND4J's Adam updater (Kingma and Ba, 2015; bias-corrected, one fused native op) on one parameter group. A
 * step turns the group's gradient array into the update in place and subtracts it from the parameters, so the
 * gradient array holds the update afterwards. Its state is two arrays of the parameters' length.
 */
final class Optimiser {
  static final double BETA1 = 0.9;
  static final double BETA2 = 0.999;
  static final double EPSILON = 1e-8;

  private final ElboModel.ParamGroup group;
  private final AdamUpdater adam;

  Optimiser(ElboModel.ParamGroup group, double learningRate) {
    this.group = group;
    INDArray params = group.params();
    adam = new AdamUpdater(new Adam(learningRate, BETA1, BETA2, EPSILON));
    adam.setStateViewArray(Nd4j.zeros(params.dataType(), 1, 2 * params.length()), params.shape(), 'c', true);
  }

  /** One update from the gradient currently in the group's gradient array; {@code iteration} counts from 0. */
  void step(int iteration) {
    adam.applyUpdater(group.grads(), iteration, 0);
    group.params().subi(group.grads());
  }
}
