package io.edgeweave.nn.fast;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Native float32 memory for a GEMM operand, allocated once for the largest batch: a row-major
 * {@code [rows, columns]} matrix whose first rows serve a smaller batch. Java code fills and reads it with
 * bulk copies from and to {@code float[]}; the view for a row count is made once and kept.
 */
final class NativeMatrix {
  private final DataBuffer data;
  private final FloatBuffer floats;
  private final long offset;
  private final int maxRows;
  private final int columns;
  private INDArray view;
  private int viewRows = -1;

  /** Own memory for up to {@code maxRows} rows. */
  NativeMatrix(int maxRows, int columns) {
    this(Nd4j.createBuffer(DataType.FLOAT, Math.max(1L, (long) maxRows * columns), true), 0, maxRows, columns);
  }

  /** A matrix over {@code rows × columns} floats of {@code data} from {@code offset} (e.g. one layer's weights). */
  NativeMatrix(DataBuffer data, long offset, int rows, int columns) {
    this.data = data;
    this.floats = data.asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    this.offset = offset;
    this.maxRows = rows;
    this.columns = columns;
  }

  /** The first {@code rows} rows as a c-order {@code [rows, columns]} array over this memory. */
  INDArray rows(int rows) {
    if (rows != viewRows) {
      if (rows < 1 || rows > maxRows) throw new IllegalArgumentException(rows + " rows, room for " + maxRows);
      view = Nd4j.create(data, new long[] {rows, columns}, new long[] {columns, 1}, offset, 'c');
      viewRows = rows;
    }
    return view;
  }

  INDArray all() {
    return rows(maxRows);
  }

  /** Copies the first {@code rows} rows of {@code source} (row-major, same width) into this memory. */
  void put(float[] source, int rows) {
    floats.put(Math.toIntExact(offset), source, 0, rows * columns);
  }

  /** Copies the first {@code rows} rows of this memory into {@code target}. */
  void get(float[] target, int rows) {
    floats.get(Math.toIntExact(offset), target, 0, rows * columns);
  }

  /** Copies {@code length} floats from {@code source[from]} to this memory at element {@code at}. */
  void put(int at, float[] source, int from, int length) {
    floats.put(Math.toIntExact(offset) + at, source, from, length);
  }

  /** Copies {@code length} floats of this memory from element {@code at} into {@code target[to]}. */
  void get(int at, float[] target, int to, int length) {
    floats.get(Math.toIntExact(offset) + at, target, to, length);
  }

  /** {@code c = op(a) × op(b)}, one BLAS call into {@code c}'s memory. */
  static void gemm(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c) {
    Nd4j.gemm(a, b, c, transposeA, transposeB, 1.0, 0.0);
  }
}
