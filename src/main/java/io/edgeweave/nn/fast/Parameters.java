package io.edgeweave.nn.fast;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network's parameters and their gradient: Java arrays that the element-wise code (biases, Adam) works
 * on, and native copies that the matrix products read (values) and write (weight gradients).
 */
final class Parameters {
  final float[] values;
  final float[] gradient;
  final DataBuffer nativeValues;
  final DataBuffer nativeGradient;
  private final NativeMatrix valuesMatrix;

  Parameters(int count) {
    values = new float[count];
    gradient = new float[count];
    nativeValues = Nd4j.createBuffer(DataType.FLOAT, Math.max(1, count), true);
    nativeGradient = Nd4j.createBuffer(DataType.FLOAT, Math.max(1, count), true);
    valuesMatrix = new NativeMatrix(nativeValues, 0, 1, Math.max(1, count));
  }

  /** Copies the values to native memory, after they changed. */
  void valuesChanged() {
    if (values.length > 0) valuesMatrix.put(values, 1);
  }

  /** A {@code [rows, columns]} block of the values, in native memory, from {@code offset}. */
  NativeMatrix values(int offset, int rows, int columns) {
    return new NativeMatrix(nativeValues, offset, rows, columns);
  }

  /** The same block of the gradient. */
  NativeMatrix gradient(int offset, int rows, int columns) {
    return new NativeMatrix(nativeGradient, offset, rows, columns);
  }
}
