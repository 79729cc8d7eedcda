package io.edgeweave.data;

import io.edgeweave.tensor.NdArrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

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
    return NdArrays.fromRows(x, features, checked(indices));
  }

  /** The classes of the given samples, one-hot, as a float32 matrix {@code [n, classes]}. */
  public INDArray oneHotLabels(int[] indices) {
    return OneHot.encode(labels(indices), classes);
  }

  /**
   * A 64-bit digest of the samples (values, labels and shape): two JVMs that load the same data get the same
   * fingerprint, so a run can check that every JVM trains on what the director evaluates against.
   */
  public long fingerprint() {
    long h = 0x9e3779b97f4a7c15L * (features + 31L * classes) + y.length;
    for (float v : x) h = (h ^ Float.floatToRawIntBits(v)) * 0x100000001b3L;
    for (int label : y) h = (h ^ label) * 0x100000001b3L;
    return h ^ (h >>> 29);
  }

  /** The features of the given samples, row-major {@code [n, features]}, without ND4J. */
  public float[] rows(int[] indices) {
    float[] rows = new float[indices.length * features];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(x, Objects.checkIndex(indices[i], size()) * features, rows, i * features, features);
    }
    return rows;
  }

  private int[] checked(int[] indices) {
    for (int i : indices) Objects.checkIndex(i, size());
    return indices;
  }
}
