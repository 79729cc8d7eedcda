package io.edgeweave.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.nio.FloatBuffer;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TensorTest {
  private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

  @Test
  void roundTripsThroughNd4jExactly() {
    INDArray a = Nd4j.rand(DataType.FLOAT, 3, 5);
    assertArrayEquals(a.ravel().toFloatVector(), Tensor.of(a).toINDArray().ravel().toFloatVector());
    assertArrayEquals(new long[] {3, 5}, Tensor.of(a).toINDArray().shape());
  }

  @Test
  void copiesViewsInRowMajorOrder() {
    INDArray a = Nd4j.arange(12).castTo(DataType.FLOAT).reshape(3, 4);
    Tensor column = Tensor.of(a.getColumn(1).reshape(3, 1));
    assertArrayEquals(new float[] {1, 5, 9}, column.toFloats());
    Tensor transposed = Tensor.of(a.transpose());
    assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, transposed.toFloats());
  }

  @Test
  void copiesPermutedArraysThatReportRowMajorOrder() {
    // as DL4J's convolution layers return their input errors: ordering 'c', not a view, permuted strides
    INDArray values = Nd4j.arange(2 * 3 * 2 * 2).castTo(DataType.FLOAT).reshape(2, 3, 2, 2);
    INDArray permuted = Nd4j.create(DataType.FLOAT, new long[] {2, 3, 2, 2}, new long[] {4, 8, 2, 1}, 'c').assign(values);
    assertEquals('c', permuted.ordering());
    assertArrayEquals(values.ravel().toFloatVector(), Tensor.of(permuted).toFloats());
    assertEquals(values, Tensor.of(permuted).toINDArray());
  }

  @Test
  void valuesAreAReadOnlyViewInOrder() {
    Tensor t = Tensor.of(new int[] {3}, new float[] {1.5f, -2f, 3e-30f});
    FloatBuffer values = t.values();
    float[] read = new float[3];
    values.get(read);

    assertArrayEquals(t.toFloats(), read);
    assertThrows(ReadOnlyBufferException.class, () -> t.values().put(0, 9f));
  }

  @Test
  void costsFourBytesPerValueInCbor() throws Exception {
    Tensor t = Tensor.of(Nd4j.rand(DataType.FLOAT, 128, 256));
    byte[] wire = CBOR.writeValueAsBytes(t);
    assertTrue(wire.length <= 4 * 128 * 256 + 64, "wire bytes " + wire.length);
    assertEquals(t, CBOR.readValue(wire, Tensor.class));
  }

  @Test
  void isImmutable() {
    Tensor t = Tensor.of(new int[] {2}, new float[] {1, 2});
    t.data()[0] = 9;
    t.shape()[0] = 7;
    assertArrayEquals(new float[] {1, 2}, t.toFloats());
    assertArrayEquals(new int[] {2}, t.shape());
  }

  @Test
  void rejectsBytesThatDoNotMatchTheShape() {
    var e = assertThrows(IllegalArgumentException.class, () -> Tensor.fromBytes(new int[] {2, 2}, new byte[12]));
    assertEquals("tensor of shape [2, 2] needs 16 bytes, got 12", e.getMessage());
  }
}
