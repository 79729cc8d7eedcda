package io.edgeweave.nn.fast;

import java.util.SortedMap;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network's parameters and their gradient: Java arrays that the element-wise code (biases, Adam) works
 * on, and native copies that the matrix products read (values) and write (weight gradients). The weight gradients
 * come to the Java array only when something reads it ({@link #gradientToHeap}), so that the matrix products of
 * several micro-batches can add up their gradients in native memory.
 */
final class Parameters {
  final float[] values;
  final float[] gradient;
  final DataBuffer nativeValues;
  final DataBuffer nativeGradient;
  private final NativeMatrix valuesMatrix;
  private final NativeMatrix gradientMatrix;
  /** The weight gradients' blocks: offset and length. */
  private final SortedMap<Integer, Integer> weightBlocks = new TreeMap<>();
  /** Which copy of the weight gradients was written last, if they differ. */
  private enum Newer { NONE, NATIVE, HEAP }

  private Newer newer = Newer.NONE;

  Parameters(int count) {
    values = new float[count];
    gradient = new float[count];
    nativeValues = Nd4j.createBuffer(DataType.FLOAT, Math.max(1, count), true);
    nativeGradient = Nd4j.createBuffer(DataType.FLOAT, Math.max(1, count), true);
    valuesMatrix = new NativeMatrix(nativeValues, 0, 1, Math.max(1, count));
    gradientMatrix = new NativeMatrix(nativeGradient, 0, 1, Math.max(1, count));
  }

  /** Copies the values to native memory, after they changed. */
  void valuesChanged() {
    if (values.length > 0) valuesMatrix.put(values, 1);
  }

  /** A {@code [rows, columns]} block of the values, in native memory, from {@code offset}. */
  NativeMatrix values(int offset, int rows, int columns) {
    return new NativeMatrix(nativeValues, offset, rows, columns);
  }

  /** The same block of the gradient, a block of weight gradients the matrix products write. */
  NativeMatrix gradient(int offset, int rows, int columns) {
    weightBlocks.put(offset, rows * columns);
    return new NativeMatrix(nativeGradient, offset, rows, columns);
  }

  /** The matrix products wrote weight gradients. */
  void nativeGradientWritten() {
    newer = Newer.NATIVE;
  }

  /** Brings the weight gradients the matrix products wrote to {@link #gradient} (the biases' are there already). */
  void gradientToHeap() {
    if (newer != Newer.NATIVE) return;
    weightBlocks.forEach((offset, length) -> gradientMatrix.get(offset, gradient, offset, length));
    newer = Newer.NONE;
  }

  /** {@link #gradient} was changed on the heap: native memory gets it only if a pass is to add to it. */
  void gradientChanged() {
    newer = Newer.HEAP;
  }

  /** Before matrix products add to the weight gradients: what the heap changed, to native memory. */
  void gradientToNative() {
    if (newer != Newer.HEAP) return;
    weightBlocks.forEach((offset, length) -> gradientMatrix.put(offset, gradient, offset, length));
    newer = Newer.NONE;
  }
}
