package io.edgeweave.data;

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
}
