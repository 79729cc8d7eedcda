package io.edgeweave.channel;

import io.edgeweave.scenario.MimoSpec;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The digital baseline on a MIMO channel: values quantised to b bits and sent error-free at the Shannon
 * capacity of the channel (known at the receiver, equal power on every antenna of the sending end).
 */
public final class DigitalOverMimo {
  private DigitalOverMimo() {}

  /**
   * Capacity in bits per channel use of the real-form channel gain·H at {@code snrDb} in {@code direction}:
   * ½·log2 det(I + P / (N0·n) · H·Hᵀ) with N0 the noise per real dimension and n the real dimensions of the
   * sending end (the transmit antennas forward; backward, over the reciprocal channel, the receive antennas,
   * which then share the power). For a complex channel this is log2 det(I + SNR / N_t · H·Hᴴ) forward and the
   * same with N_r backward (the reverse channel Hᵀ has the same singular values as H). Infinite without noise.
   */
  public static double capacity(MimoSpec spec, double[][] h, double gain, double snrDb, Direction direction) {
    double noise = OverTheAir.noiseVariancePerDimension(spec, snrDb);
    if (noise == 0) return Double.POSITIVE_INFINITY;
    int senderDims = direction == Direction.FORWARD ? spec.transmitDims() : spec.receiveDims();
    double factor = gain * gain * spec.power() / (noise * senderDims);
    RealMatrix channel = MatrixUtils.createRealMatrix(h);
    RealMatrix m = channel.multiply(channel.transpose()).scalarMultiply(factor)
        .add(MatrixUtils.createRealIdentityMatrix(h.length));
    RealMatrix l = new CholeskyDecomposition(m).getL();
    double logDet = 0;
    for (int i = 0; i < h.length; i++) logDet += 2 * Math.log(l.getEntry(i, i));
    return 0.5 * logDet / Math.log(2);
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
