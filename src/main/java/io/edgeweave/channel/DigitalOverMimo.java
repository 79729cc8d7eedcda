package io.edgeweave.channel;

import io.edgeweave.scenario.MimoSpec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The digital baseline on a MIMO channel: values quantised to b bits and sent error-free at the Shannon
 * capacity of the channel (known at the receiver, equal power on every transmit antenna).
 */
public final class DigitalOverMimo {
  private DigitalOverMimo() {}

  /**
   * Capacity in bits per channel use of the real-form channel gain·H at {@code snrDb}:
   * ½·log2 det(I + P / (N0·n_t) · H·Hᵀ) with N0 the noise per real dimension and n_t the real transmit
   * dimensions; for a complex channel this is log2 det(I + SNR / N_t · H·Hᴴ). Infinite without noise.
   */
  public static double capacity(MimoSpec spec, double[][] h, double gain, double snrDb) {
    double noise = OverTheAir.noiseVariancePerDimension(spec, snrDb);
    if (noise == 0) return Double.POSITIVE_INFINITY;
    double factor = gain * gain * spec.power() / (noise * spec.transmitDims());
    double[][] m = SmallMatrices.multiply(h, SmallMatrices.transpose(h));
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m.length; j++) m[i][j] = (i == j ? 1 : 0) + factor * m[i][j];
    }
    return 0.5 * SmallMatrices.logDeterminant(m) / Math.log(2);
  }

  /**
   * Uniform quantisation of every value to {@code bits} bits between the tensor's minimum and maximum
   * (sent along as two floats), and back: what the receiver gets.
   */
  public static INDArray quantise(INDArray values, int bits) {
    double min = values.minNumber().doubleValue();
    double max = values.maxNumber().doubleValue();
    if (max == min || bits >= 24) return values.dup();
    double levels = Math.pow(2, bits) - 1;
    double step = (max - min) / levels;
    INDArray q = values.sub(min).divi(step);
    return Transforms.round(q, false).muli(step).addi(min);
  }
}
