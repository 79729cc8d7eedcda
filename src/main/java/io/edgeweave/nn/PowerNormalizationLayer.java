package io.edgeweave.nn;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLambdaLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Scales each transmitted vector to the transmit power: x · √P / ‖x‖ over dimension 1, i.e. per sample of
 * a flat activation, per position of a feature map (NCHW). No parameters; DL4J derives its gradient.
 */
public final class PowerNormalizationLayer extends SameDiffLambdaLayer {
  /** Guards against a zero vector. */
  private static final double EPSILON = 1e-12;

  private double power;

  /** For DL4J's configuration cloning. */
  public PowerNormalizationLayer() {}

  public PowerNormalizationLayer(double power) {
    this.power = power;
  }

  public double getPower() {
    return power;
  }

  public void setPower(double power) {
    this.power = power;
  }

  @Override
  public SDVariable defineLayer(SameDiff sameDiff, SDVariable x) {
    SDVariable norm = sameDiff.math.sqrt(x.mul(x).sum(true, 1).add(EPSILON));
    return x.mul(Math.sqrt(power)).div(norm);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return inputType;
  }
}
