package io.edgeweave.nn;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The transmit power constraint as a DL4J activation (used in an {@code ActivationLayer}): the block a
 * sample sends, z (all dimensions but the first), becomes x = √(P·U) · z / ‖z‖, so its U channel uses carry
 * an average power P. On a flat activation a sample is one channel use (U = 1); on an NCHW feature map each
 * spatial position is one (U = height·width), and positions keep their relative strength.
 * Backward: dL/dz = √(P·U) / ‖z‖ · (ε − x̂ (x̂ · ε)) with x̂ = z / ‖z‖, ε = dL/dx, sums over the block.
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
    return in.muli(inverseNorms(in).muli(amplitude(in)));
  }

  @Override
  public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
    assertShape(in, epsilon);
    INDArray inverse = inverseNorms(in);
    INDArray unit = in.mul(inverse);
    INDArray along = unit.mul(epsilon).sum(true, blockDimensions(in));
    INDArray dz = epsilon.sub(unit.muli(along)).muli(inverse.muli(amplitude(in)));
    return new Pair<>(dz, null);
  }

  /** √(P·U): the norm of a sample's block of U channel uses at average power P. */
  private double amplitude(INDArray z) {
    long uses = 1;
    for (int d = 2; d < z.rank(); d++) uses *= z.size(d);
    return Math.sqrt(power * uses);
  }

  /** 1 / ‖z‖ of each sample's block, kept with dimensions of size 1 so that it broadcasts over z. */
  private static INDArray inverseNorms(INDArray z) {
    INDArray squares = z.mul(z).sum(true, blockDimensions(z)).addi(EPSILON);
    return Transforms.pow(squares, -0.5, false);
  }

  /** Every dimension but the first (the samples). */
  private static int[] blockDimensions(INDArray z) {
    int[] dims = new int[z.rank() - 1];
    for (int d = 1; d < z.rank(); d++) dims[d - 1] = d;
    return dims;
  }

  @Override
  public String toString() {
    return "power-normalization(" + power + ")";
  }
}
