package io.edgeweave.nn;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The transmit power constraint as a DL4J activation (used in an {@code ActivationLayer}): each
 * transmitted vector z, along dimension 1, becomes x = √P · z / ‖z‖, so every channel use carries power P.
 * On a flat activation a vector is a sample; on an NCHW feature map it is one position's channels.
 * Backward: dL/dz = √P / ‖z‖ · (ε − x̂ (x̂ · ε)) with x̂ = z / ‖z‖ and ε = dL/dx.
 */
public final class PowerNormalization extends BaseActivationFunction {
  /** Keeps a zero vector at zero instead of dividing by zero. */
  private static final double EPSILON = 1e-12;

  @JsonProperty private double power;

  /** For DL4J's configuration (JSON) copies. */
  public PowerNormalization() {}

  public PowerNormalization(double power) {
    this.power = power;
  }

  @Override
  public INDArray getActivation(INDArray in, boolean training) {
    return in.muli(inverseNorms(in).muli(Math.sqrt(power)));
  }

  @Override
  public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
    assertShape(in, epsilon);
    INDArray inverse = inverseNorms(in);
    INDArray unit = in.mul(inverse);
    INDArray along = unit.mul(epsilon).sum(true, 1);
    INDArray dz = epsilon.sub(unit.muli(along)).muli(inverse.muli(Math.sqrt(power)));
    return new Pair<>(dz, null);
  }

  /** 1 / ‖z‖ along dimension 1, kept as a dimension of size 1 so that it broadcasts over z. */
  private static INDArray inverseNorms(INDArray z) {
    INDArray squares = z.mul(z).sum(true, 1).addi(EPSILON);
    return Transforms.pow(squares, -0.5, false);
  }

  @Override
  public String toString() {
    return "power-normalization(" + power + ")";
  }
}
