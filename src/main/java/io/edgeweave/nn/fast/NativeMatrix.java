package io.edgeweave.nn.fast;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Native float32 memory for a GEMM operand, allocated once for the largest batch: a row-major
 * {@code [rows, columns]} matrix whose first rows serve a smaller batch. Java code fills and reads it with
 * bulk copies from and to {@code float[]}; {@link #gemm} hands blocks of rows straight to OpenBLAS (the
 * library ND4J runs on), without ND4J's per-call overhead of ~30 µs, so that small per-sample products pay.
 */
final class NativeMatrix {
  /** Owns the memory: the buffer and pointer below are views that do not keep it alive. */
  private final DataBuffer data;
  private final FloatBuffer floats;
  /** The memory's start; its position is set to an operand's first element just before each call. */
  private final FloatPointer pointer;
  private final int offset;
  private final int maxRows;
  private final int columns;

  /** Own memory for up to {@code maxRows} rows. */
  NativeMatrix(int maxRows, int columns) {
    this(Nd4j.createBuffer(DataType.FLOAT, Math.max(1L, (long) maxRows * columns), true), 0, maxRows, columns);
  }

  /** A matrix over {@code rows × columns} floats of {@code data} from {@code offset} (e.g. one layer's weights). */
  NativeMatrix(DataBuffer data, long offset, int rows, int columns) {
    this.data = data;
    this.floats = data.asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    this.pointer = new FloatPointer(data.addressPointer());
    this.offset = Math.toIntExact(offset);
    this.maxRows = rows;
    this.columns = columns;
  }

  /** Copies the first {@code rows} rows of {@code source} (row-major, same width) into this memory. */
  void put(float[] source, int rows) {
    floats.put(offset, source, 0, rows * columns);
  }

  /** Copies the first {@code rows} rows of this memory into {@code target}. */
  void get(float[] target, int rows) {
    floats.get(offset, target, 0, rows * columns);
  }

  /** Copies {@code length} floats from {@code source[from]} to this memory at element {@code at}. */
  void put(int at, float[] source, int from, int length) {
    floats.put(offset + at, source, from, length);
  }

  /** Copies {@code length} floats of this memory from element {@code at} into {@code target[to]}. */
  void get(int at, float[] target, int to, int length) {
    floats.get(offset + at, target, to, length);
  }

  private FloatPointer at(int row, int rows) {
    if (row < 0 || rows < 1 || row + rows > maxRows) throw new IllegalArgumentException("rows " + row + "+" + rows + " of " + maxRows);
    return pointer.position(offset + (long) row * columns);
  }

  /**
   * {@code c = alpha · op(a) × op(b) + beta · c} over rows of {@code a} and {@code b} (from {@code aRow} and
   * {@code bRow}, so many) into rows of {@code c} from {@code cRow}: one {@code cblas_sgemm}; with {@code beta} 0,
   * {@code c} is not read. The three must be different matrices.
   */
  static void gemm(NativeMatrix a, int aRow, int aRows, boolean transposeA, NativeMatrix b, int bRow, int bRows,
      boolean transposeB, NativeMatrix c, int cRow, float alpha, float beta) {
    int m = transposeA ? a.columns : aRows;
    int k = transposeA ? aRows : a.columns;
    int n = transposeB ? bRows : b.columns;
    if ((transposeB ? b.columns : bRows) != k || c.columns != n) {
      throw new IllegalArgumentException("gemm of [" + m + "x" + k + "] by " + bRows + "x" + b.columns + " into width " + c.columns);
    }
    cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
        m, n, k, alpha, a.at(aRow, aRows), a.columns, b.at(bRow, bRows), b.columns, beta, c.at(cRow, m), c.columns);
  }
}
