package io.edgeweave.data;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A labelled dataset held in memory once and shared by every actor of a JVM (read only).
 *
 * @param features values per sample
 * @param x {@code size × features} values, row-major, scaled to [0, 1]
 * @param y class of each sample, in [0, classes)
 */
public record Dataset(String name, int features, int classes, float[] x, int[] y) {

  public Dataset {
    if (x.length != (long) y.length * features) {
      throw new IllegalArgumentException(name + ": " + x.length + " values for " + y.length + " samples of " + features);
    }
  }

  public int size() {
    return y.length;
  }

  /** A new dataset of the given samples, in the given order. */
  public Dataset subset(int[] indices) {
    return new Dataset(name, features, classes, rows(indices), labels(indices));
  }

  /** The classes of the given samples. */
  public int[] labels(int[] indices) {
    int[] labels = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      labels[i] = y[Objects.checkIndex(indices[i], size())];
    }
    return labels;
  }

  /** The features of the given samples as a float32 matrix {@code [n, features]}. */
  public INDArray features(int[] indices) {
    return Nd4j.create(rows(indices), new long[] {indices.length, features}, DataType.FLOAT);
  }

  /** The classes of the given samples, one-hot, as a float32 matrix {@code [n, classes]}. */
  public INDArray oneHotLabels(int[] indices) {
    float[] oneHot = new float[indices.length * classes];
    int[] labels = labels(indices);
    for (int i = 0; i < labels.length; i++) {
      oneHot[i * classes + labels[i]] = 1f;
    }
    return Nd4j.create(oneHot, new long[] {indices.length, classes}, DataType.FLOAT);
  }

  private float[] rows(int[] indices) {
    float[] rows = new float[indices.length * features];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(x, Objects.checkIndex(indices[i], size()) * features, rows, i * features, features);
    }
    return rows;
  }
}
