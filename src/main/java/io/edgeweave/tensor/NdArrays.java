package io.edgeweave.tensor;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between Java float data and ND4J arrays. ND4J's own {@code Nd4j.create(float[])} and
 * {@code toFloatVector()} copy element by element (about 100× slower for a 128×256 batch); these copy the
 * native buffer in one go.
 */
public final class NdArrays {
  private NdArrays() {}

  /** A new c-order float32 array of {@code shape} holding {@code values} (row-major). */
  public static INDArray fromFloats(FloatBuffer values, long... shape) {
    INDArray array = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    if (array.length() != values.remaining()) {
      throw new IllegalArgumentException(values.remaining() + " values for " + array.length() + " elements");
    }
    if (array.length() > 0) nativeFloats(array).put(values);
    return array;
  }

  public static INDArray fromFloats(float[] values, long... shape) {
    return fromFloats(FloatBuffer.wrap(values), shape);
  }

  /**
   * A new {@code [rows.length, width]} array whose row i is row {@code rows[i]} of the row-major matrix
   * {@code source}, copied straight into native memory.
   */
  public static INDArray fromRows(float[] source, int width, int[] rows) {
    INDArray array = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows.length, width}, 'c');
    if (array.length() == 0) return array;
    FloatBuffer target = nativeFloats(array);
    for (int row : rows) target.put(source, row * width, width);
    return array;
  }

  /** The elements of {@code array} in row-major order, whatever its order, view or type. */
  public static float[] toFloats(INDArray array) {
    float[] values = new float[Math.toIntExact(array.length())];
    if (values.length > 0) nativeFloats(contiguous(array)).get(values);
    return values;
  }

  /** Writes the elements of {@code array} in row-major order into {@code target} at its position. */
  public static void copyTo(INDArray array, FloatBuffer target) {
    if (array.length() > 0) target.put(nativeFloats(contiguous(array)));
  }

  /** A float32, c-order array that owns its whole buffer from offset 0: {@code array} itself if it is one. */
  private static INDArray contiguous(INDArray array) {
    INDArray floats = array.dataType() == DataType.FLOAT ? array : array.castTo(DataType.FLOAT);
    boolean plain =
        floats.ordering() == 'c' && !floats.isView() && floats.offset() == 0 && floats.data().length() == floats.length();
    return plain ? floats : floats.dup('c');
  }

  private static FloatBuffer nativeFloats(INDArray array) {
    return array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
  }
}
