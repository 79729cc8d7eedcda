package io.edgeweave.tensor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An immutable float32 tensor for messages: a shape and its values as little-endian bytes, row-major.
 * Jackson writes the bytes as one CBOR byte string, so a value costs 4 bytes on the wire. Never put an
 * {@link INDArray} in a message; convert with {@link #of(INDArray)} and {@link #toINDArray()}.
 */
public final class Tensor {
  private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

  private final int[] shape;
  private final byte[] data;

  private Tensor(int[] shape, byte[] data) {
    this.shape = shape;
    this.data = data;
  }

  /** Decodes a tensor; checks that the bytes match the shape. */
  @JsonCreator
  public static Tensor fromBytes(@JsonProperty("shape") int[] shape, @JsonProperty("data") byte[] data) {
    if (shape == null || data == null) throw new IllegalArgumentException("tensor needs a shape and data");
    long expected = 4L * elementCount(shape);
    if (data.length != expected) {
      throw new IllegalArgumentException(
          "tensor of shape " + Arrays.toString(shape) + " needs " + expected + " bytes, got " + data.length);
    }
    return new Tensor(shape.clone(), data);
  }

  public static Tensor of(int[] shape, float[] values) {
    if (values.length != elementCount(shape)) {
      throw new IllegalArgumentException(values.length + " values for shape " + Arrays.toString(shape));
    }
    return new Tensor(shape.clone(), littleEndian(values));
  }

  /** Float32 values as little-endian bytes: what travels on the wire. */
  static byte[] littleEndian(float[] values) {
    ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ORDER);
    buffer.asFloatBuffer().put(values);
    return buffer.array();
  }

  /** The float32 values of little-endian bytes. */
  static float[] floats(byte[] littleEndian) {
    float[] values = new float[littleEndian.length / 4];
    ByteBuffer.wrap(littleEndian).order(ORDER).asFloatBuffer().get(values);
    return values;
  }

  /** Copies an ND4J array (any order, any float type) into a tensor. */
  public static Tensor of(INDArray array) {
    ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(4 * array.length())).order(ORDER);
    NdArrays.copyTo(array, buffer.asFloatBuffer());
    return new Tensor(Arrays.stream(array.shape()).mapToInt(Math::toIntExact).toArray(), buffer.array());
  }

  public int[] shape() {
    return shape.clone();
  }

  /** The raw little-endian float32 bytes (a copy: the tensor stays immutable). */
  public byte[] data() {
    return data.clone();
  }

  /** For Jackson only: the shape without a defensive copy. */
  @JsonGetter("shape")
  private int[] shapeForJson() {
    return shape;
  }

  /** For Jackson only: the bytes without a defensive copy (a tensor's bytes are written once, never changed). */
  @JsonGetter("data")
  private byte[] dataForJson() {
    return data;
  }

  /** Writes the tensor as rank, dimensions and bytes (what {@link #read} reads back) at the buffer's position. */
  public void write(ByteBuffer out) {
    out.putInt(shape.length);
    for (int d : shape) out.putInt(d);
    out.put(data);
  }

  /** Bytes {@link #write} takes. */
  @JsonIgnore
  public int writtenSize() {
    return 4 * (1 + shape.length) + data.length;
  }

  /** Reads a tensor written by {@link #write}, copying its bytes once; a malformed one is an {@link IllegalArgumentException}. */
  public static Tensor read(ByteBuffer in) {
    int[] shape = readShape(in, "tensor");
    long count = elementCount(shape);
    if (count > in.remaining() / Float.BYTES) {
      throw new IllegalArgumentException(
          "tensor of shape " + Arrays.toString(shape) + " holds " + count + " values, " + in.remaining() + " bytes left");
    }
    byte[] data = new byte[(int) count * Float.BYTES];
    in.get(data);
    return new Tensor(shape, data);
  }

  /** A shape written as its rank and dimensions; a rank above 8 is a malformed {@code what}, not an allocation. */
  static int[] readShape(ByteBuffer in, String what) {
    int rank = in.getInt();
    if (rank < 0 || rank > 8) throw new IllegalArgumentException(what + " of rank " + rank);
    int[] shape = new int[rank];
    for (int i = 0; i < rank; i++) shape[i] = in.getInt();
    return shape;
  }

  @JsonIgnore
  public int size() {
    return data.length / 4;
  }

  @JsonIgnore
  public int byteSize() {
    return data.length;
  }

  public float[] toFloats() {
    return floats(data);
  }

  /** The values as a read-only view, without copying them. */
  public FloatBuffer values() {
    return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ORDER).asFloatBuffer();
  }

  public INDArray toINDArray() {
    return NdArrays.fromFloats(ByteBuffer.wrap(data).order(ORDER).asFloatBuffer(), Arrays.stream(shape).asLongStream().toArray());
  }

  /** Values in a tensor of {@code shape}; a negative dimension is an {@link IllegalArgumentException}. */
  static long elementCount(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      if (d > 0 && n > Long.MAX_VALUE / d) throw new IllegalArgumentException("too many elements in " + Arrays.toString(shape));
      n *= d;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(shape);
  }
}
