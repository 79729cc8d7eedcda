package io.edgeweave.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class NdArraysTest {
  private static final INDArray GRID = Nd4j.arange(20).castTo(DataType.FLOAT).reshape(4, 5);

  @Test
  void buildsArraysOfTheGivenShapeInRowMajorOrder() {
    INDArray a = NdArrays.fromFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertArrayEquals(new long[] {2, 3}, a.shape());
    assertEquals(6f, a.getFloat(1, 2));
    assertEquals(2f, a.getFloat(0, 1));
  }

  @Test
  void gathersRowsOfAMatrixInTheOrderAsked() {
    float[] matrix = {0, 1, 2, 10, 11, 12, 20, 21, 22};
    INDArray picked = NdArrays.fromRows(matrix, 3, new int[] {2, 0, 2});
    assertArrayEquals(new long[] {3, 3}, picked.shape());
    assertArrayEquals(new float[] {20, 21, 22, 0, 1, 2, 20, 21, 22}, NdArrays.toFloats(picked));
  }

  @Test
  void readsViewsWithOffsetsAndOtherOrders() {
    INDArray rows = GRID.get(NDArrayIndex.interval(2, 4), NDArrayIndex.all());
    assertArrayEquals(new float[] {10, 11, 12, 13, 14, 15, 16, 17, 18, 19}, NdArrays.toFloats(rows));
    assertArrayEquals(new float[] {0, 5, 10, 15, 1, 6, 11, 16}, NdArrays.toFloats(GRID.transpose().get(NDArrayIndex.interval(0, 2), NDArrayIndex.all())));
    assertArrayEquals(new float[] {0, 1, 2}, NdArrays.toFloats(Nd4j.arange(3).castTo(DataType.DOUBLE)));
  }

  /** A permuted array shares its whole buffer from offset 0, in another order (DL4J's conv layers return them). */
  @Test
  void readsPermutedArraysInTheirOwnRowMajorOrder() {
    INDArray nhwc = Nd4j.arange(24).castTo(DataType.FLOAT).reshape(1, 2, 3, 4);
    INDArray nchw = nhwc.permute(0, 3, 1, 2);
    float[] expected = new float[24];
    int k = 0;
    for (int c = 0; c < 4; c++) {
      for (int h = 0; h < 2; h++) {
        for (int w = 0; w < 3; w++) expected[k++] = nchw.getFloat(0, c, h, w);
      }
    }
    assertArrayEquals(expected, NdArrays.toFloats(nchw));
  }

  @Test
  void handlesEmptyArraysAndRejectsWrongCounts() {
    assertEquals(0, NdArrays.toFloats(NdArrays.fromFloats(new float[0], 0, 4)).length);
    assertThrows(IllegalArgumentException.class, () -> NdArrays.fromFloats(new float[5], 2, 3));
  }
}
