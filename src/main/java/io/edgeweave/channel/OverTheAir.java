package io.edgeweave.channel;

import io.edgeweave.scenario.MimoSpec;
import io.edgeweave.tensor.NdArrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Analog transmission of real vectors through a MIMO channel in real form, one vector per channel use
 * (a row: a sample, or one spatial position of a feature map). Forward, the transmitter's precoded vector
 * x arrives as y = H·x + n. Backward, the receiver sends its error g = dL/dy over the reciprocal channel:
 * it scales each sample's block of U channel uses to the transmit power (a = √(P·U) / ‖g‖), the
 * transmitter receives a·Hᵀ·g + n′ and divides by a, so it gets Hᵀ·g plus noise whose power follows the
 * error's own power. Neither end ever learns H. (Hᵀ of the real form is Hᴴ of a complex channel: what a reciprocal
 * channel delivers when both ends conjugate their baseband signals; see ADR 4.)
 *
 * <p>The products are computed as DL4J's dense layer computes them (weights Hᵀ in column-major order), so
 * a noiseless link gives bit for bit what a network with H as a frozen dense layer gives.
 */
public final class OverTheAir {
  private OverTheAir() {}

  /**
   * Noise variance per real dimension of a received vector: the noise power per receive antenna is the
   * transmit power per channel use over the SNR (unit-power channel entries), split between the real and
   * imaginary parts of a complex antenna. 0 for an infinite SNR.
   */
  public static double noiseVariancePerDimension(MimoSpec spec, double snrDb) {
    if (snrDb == Double.POSITIVE_INFINITY) return 0;
    double perAntenna = spec.power() / Math.pow(10, snrDb / 10);
    return spec.complexEntries() ? perAntenna / 2 : perAntenna;
  }

  /** The channel as a dense layer's weights: gain·Hᵀ, [transmit dims, receive dims], column-major. */
  public static INDArray weights(double[][] h, double gain) {
    int rows = h.length;
    int cols = h[0].length;
    float[] scaled = new float[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) scaled[i * cols + j] = (float) (gain * h[i][j]);
    }
    INDArray w = Nd4j.createUninitialized(DataType.FLOAT, new long[] {cols, rows}, 'f');
    w.assign(NdArrays.fromFloats(scaled, rows, cols).transpose());
    return w;
  }

  /** y = x·Hᵀ + n for each row x, with i.i.d. Gaussian noise of {@code noiseVariance} per dimension. */
  public static INDArray forward(INDArray rows, INDArray weights, double noiseVariance, SplittableRandom rng) {
    INDArray received = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows.rows(), weights.columns()}, 'c');
    rows.mmuli(weights, received);
    if (noiseVariance > 0) received.addi(gaussian(received.rows(), received.columns(), rng, Math.sqrt(noiseVariance), null));
    return received;
  }

  /**
   * The transmitter's estimate of g·H for each row g, after the power-normalised analog round trip:
   * exactly g·H without noise, else g·H + n·‖G‖/√(power·U) with n of {@code noiseVariance} per dimension,
   * where G is the block of U consecutive rows (one sample's channel uses) that holds g.
   */
  public static INDArray backward(
      INDArray rows, int usesPerSample, INDArray weights, double noiseVariance, double power, SplittableRandom rng) {
    INDArray columns = Nd4j.createUninitialized(DataType.FLOAT, new long[] {weights.rows(), rows.rows()}, 'f');
    INDArray estimate = weights.mmuli(rows.transpose(), columns).transpose();
    if (noiseVariance > 0) {
      double[] norms = rows.norm2(1).castTo(DataType.DOUBLE).toDoubleVector();
      double[] scale = new double[norms.length];
      for (int start = 0; start < scale.length; start += usesPerSample) {
        double block = 0;
        for (int i = start; i < start + usesPerSample; i++) block += norms[i] * norms[i];
        double s = Math.sqrt(block / (power * usesPerSample));
        for (int i = start; i < start + usesPerSample; i++) scale[i] = s;
      }
      estimate = estimate.dup('c').addi(gaussian(estimate.rows(), estimate.columns(), rng, Math.sqrt(noiseVariance), scale));
    }
    return estimate;
  }

  /** Gaussian noise of standard deviation {@code std}, each row times {@code rowScale[i]} if given. */
  private static INDArray gaussian(int rows, int cols, SplittableRandom rng, double std, double[] rowScale) {
    float[] values = new float[rows * cols];
    for (int i = 0; i < rows; i++) {
      double s = rowScale == null ? std : std * rowScale[i];
      for (int j = 0; j < cols; j++) values[i * cols + j] = (float) (s * rng.nextGaussian());
    }
    return NdArrays.fromFloats(values, rows, cols);
  }
}
