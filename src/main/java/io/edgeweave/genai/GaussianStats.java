package io.edgeweave.genai;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The mean and covariance of a set of feature vectors, in double precision.
 *
 * @param covariance unbiased sample covariance (divided by n − 1)
 */
public record GaussianStats(double[] mean, double[][] covariance, int samples) {

  /** Statistics of the rows of {@code features} ({@code n × d}, n ≥ 2). */
  public static GaussianStats of(INDArray features) {
    if (features.rows() < 2) throw new IllegalArgumentException("a covariance needs at least 2 samples, got " + features.rows());
    INDArray f = features.castTo(DataType.DOUBLE);
    INDArray mean = f.mean(true, 0);
    INDArray centred = f.subRowVector(mean);
    INDArray covariance = centred.transpose().mmul(centred).divi(f.rows() - 1);
    return new GaussianStats(mean.toDoubleVector(), covariance.toDoubleMatrix(), (int) f.rows());
  }

  public int dimension() {
    return mean.length;
  }
}
