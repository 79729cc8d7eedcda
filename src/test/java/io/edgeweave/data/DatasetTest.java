package io.edgeweave.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class DatasetTest {
  /** Three samples of two features: sample i is (i/10, i/10 + 0.05), class 2 − i. */
  private final Dataset data =
      new Dataset("tiny", 2, 3, new float[] {0f, 0.05f, 0.1f, 0.15f, 0.2f, 0.25f}, new int[] {2, 1, 0});

  @Test
  void featuresGathersRowsAsFloatMatrix() {
    INDArray x = data.features(new int[] {2, 0});
    assertEquals(DataType.FLOAT, x.dataType());
    assertArrayEquals(new long[] {2, 2}, x.shape());
    assertArrayEquals(new float[] {0.2f, 0.25f, 0f, 0.05f}, x.ravel().toFloatVector());
    assertArrayEquals(new float[] {0.2f, 0.25f, 0f, 0.05f}, data.rows(new int[] {2, 0}), "the same rows without ND4J");
  }

  @Test
  void oneHotLabelsMarksTheClass() {
    INDArray y = data.oneHotLabels(new int[] {0, 2, 2});
    assertEquals(DataType.FLOAT, y.dataType());
    assertArrayEquals(new long[] {3, 3}, y.shape());
    assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 1, 0, 0}, y.ravel().toFloatVector());
  }

  @Test
  void labelsAndSubsetFollowTheIndices() {
    assertArrayEquals(new int[] {1, 2}, data.labels(new int[] {1, 0}));
    Dataset subset = data.subset(new int[] {1});
    assertEquals(1, subset.size());
    assertArrayEquals(new float[] {0.1f, 0.15f}, subset.x());
    assertArrayEquals(new int[] {1}, subset.y());
  }

  @Test
  void indexOutsideTheDatasetIsRejected() {
    assertThrows(IndexOutOfBoundsException.class, () -> data.features(new int[] {3}));
    assertThrows(IndexOutOfBoundsException.class, () -> data.rows(new int[] {-1}));
  }
}
