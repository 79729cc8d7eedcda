package io.edgeweave.tensor;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
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
    copyRows(source, width, rows, array);
    return array;
  }

  /**
   * Overwrites {@code target}, a c-order float32 {@code [rows.length, width]} array that owns its buffer
   * (made by this class), with rows {@code rows} of the row-major matrix {@code source}: reuses one array
   * for batch after batch instead of allocating native memory for each.
   */
  public static void copyRows(float[] source, int width, int[] rows, INDArray target) {
    if (target.length() != (long) rows.length * width) {
      throw new IllegalArgumentException(rows.length + " rows of " + width + " do not fill " + target.length() + " elements");
    }
    if (target.length() == 0) return;
    FloatBuffer buffer = nativeFloats(target);
    for (int row : rows) buffer.put(source, row * width, width);
  }

  /** Overwrites {@code target} (as for {@link #copyRows}) with {@code values} in row-major order. */
  public static void copy(float[] values, INDArray target) {
    if (target.length() != values.length) {
      throw new IllegalArgumentException(values.length + " values for " + target.length() + " elements");
    }
    if (values.length > 0) nativeFloats(target).put(values);
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

  /**
   * A float32 array laid out row-major over its whole buffer from offset 0: {@code array} itself if it is
   * one. The strides are checked, not just the ordering flag: DL4J's convolution layers return errors
   * flagged 'c' whose strides are permuted.
   */
  private static INDArray contiguous(INDArray array) {
    INDArray floats = array.dataType() == DataType.FLOAT ? array : array.castTo(DataType.FLOAT);
    boolean plain =
        floats.ordering() == 'c'
            && !floats.isView()
            && floats.offset() == 0
            && floats.data().length() == floats.length()
            && Shape.hasDefaultStridesForShape(floats);
    return plain ? floats : floats.dup('c');
  }

  private static FloatBuffer nativeFloats(INDArray array) {
    return array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
  }
}
