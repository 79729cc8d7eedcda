package io.edgeweave.tensor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An immutable tensor as it crosses a link: a shape, an {@link Encoding}, the encoded bytes (row-major) and,
 * for {@link Encoding#INT8}, the scale. Jackson writes the bytes as one CBOR byte string, so what a link
 * carries is what {@link #byteSize()} counts (besides the shape and the field names).
 */
public final class EncodedTensor {
  private static final int INT8_MAX = 127;
  private static final int UINT8_MAX = 255;
  private static final Encoding[] ENCODINGS = Encoding.values();

  private final int[] shape;
  private final Encoding encoding;
  private final float scale;
  private final byte[] data;

  private EncodedTensor(int[] shape, Encoding encoding, float scale, byte[] data) {
    this.shape = shape;
    this.encoding = encoding;
    this.scale = scale;
    this.data = data;
  }

  /** Encodes {@code values} (row-major, {@code shape}). */
  public static EncodedTensor of(Encoding encoding, int[] shape, float[] values) {
    if (values.length != Tensor.elementCount(shape)) throw new IllegalArgumentException(values.length + " values for shape " + Arrays.toString(shape));
    return switch (encoding) {
      case FLOAT32 -> new EncodedTensor(shape.clone(), encoding, 0, Tensor.littleEndian(values));
      case UINT8 -> {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) bytes[i] = (byte) Math.round(Math.min(1f, Math.max(0f, values[i])) * UINT8_MAX);
        yield new EncodedTensor(shape.clone(), encoding, 0, bytes);
      }
      case INT8 -> {
        float largest = 0;
        for (float v : values) largest = Math.max(largest, Math.abs(v));
        float scale = largest / INT8_MAX;
        byte[] bytes = new byte[values.length];
        if (scale > 0) {
          for (int i = 0; i < values.length; i++) bytes[i] = (byte) Math.max(-INT8_MAX, Math.min(INT8_MAX, Math.round(values[i] / scale)));
        }
        yield new EncodedTensor(shape.clone(), encoding, scale, bytes);
      }
    };
  }

  /** Encodes an ND4J array (any order, any float type). */
  public static EncodedTensor of(Encoding encoding, INDArray array) {
    return of(encoding, Arrays.stream(array.shape()).mapToInt(Math::toIntExact).toArray(), NdArrays.toFloats(array));
  }

  /** Decodes a tensor; checks that the bytes match the shape and the encoding. */
  @JsonCreator
  public static EncodedTensor fromBytes(
      @JsonProperty("shape") int[] shape,
      @JsonProperty("encoding") Encoding encoding,
      @JsonProperty("scale") float scale,
      @JsonProperty("data") byte[] data) {
    if (shape == null || encoding == null || data == null) throw new IllegalArgumentException("encoded tensor needs a shape, an encoding and data");
    long expected = encoding.bytesPerValue() * Tensor.elementCount(shape);
    if (data.length != expected) {
      throw new IllegalArgumentException(encoding.label() + " tensor of shape " + Arrays.toString(shape) + " needs " + expected
          + " bytes, got " + data.length);
    }
    return new EncodedTensor(shape.clone(), encoding, scale, data);
  }

  /** Writes the tensor as its rank, shape, encoding, scale and bytes, in the buffer's byte order. */
  public void write(ByteBuffer out) {
    out.putInt(shape.length);
    for (int d : shape) out.putInt(d);
    out.put((byte) encoding.ordinal()).putFloat(scale).put(data);
  }

  /** Bytes {@link #write} takes. */
  @JsonIgnore
  public int writtenSize() {
    return 4 * (1 + shape.length) + 1 + 4 + data.length;
  }

  /** Reads a tensor written by {@link #write}, copying its bytes once; a malformed one is an {@link IllegalArgumentException}. */
  public static EncodedTensor read(ByteBuffer in) {
    int[] shape = Tensor.readShape(in, "encoded tensor");
    int kind = in.get();
    if (kind < 0 || kind >= ENCODINGS.length) throw new IllegalArgumentException("encoded tensor of unknown encoding " + kind);
    Encoding encoding = ENCODINGS[kind];
    float scale = in.getFloat();
    long count = Tensor.elementCount(shape);
    int bytesPerValue = encoding.bytesPerValue();
    if (count > in.remaining() / bytesPerValue) {
      throw new IllegalArgumentException(
          encoding.label() + " tensor of shape " + Arrays.toString(shape) + " holds " + count + " values, " + in.remaining() + " bytes left");
    }
    byte[] data = new byte[(int) count * bytesPerValue];
    in.get(data);
    return new EncodedTensor(shape, encoding, scale, data);
  }

  /** The values as the receiver sees them. */
  public float[] toFloats() {
    if (encoding == Encoding.FLOAT32) return Tensor.floats(data);
    float[] values = new float[data.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = encoding == Encoding.UINT8 ? (data[i] & 0xFF) / (float) UINT8_MAX : data[i] * scale;
    }
    return values;
  }

  public INDArray toINDArray() {
    return NdArrays.fromFloats(toFloats(), Arrays.stream(shape).asLongStream().toArray());
  }

  /** What encoding then decoding does to {@code array}: the values a receiver would compute with. */
  public static INDArray roundTrip(Encoding encoding, INDArray array) {
    return encoding == Encoding.FLOAT32 ? array : of(encoding, array).toINDArray();
  }

  @JsonGetter("shape")
  public int[] shape() {
    return shape.clone();
  }

  @JsonGetter("encoding")
  public Encoding encoding() {
    return encoding;
  }

  @JsonGetter("scale")
  public float scale() {
    return scale;
  }

  /** For Jackson only: the bytes without a defensive copy (they are written once, never changed). */
  @JsonGetter("data")
  private byte[] dataForJson() {
    return data;
  }

  /** Bytes on the wire: {@link Encoding#bytes(long)} of the value count. */
  @JsonIgnore
  public long byteSize() {
    return encoding.bytes(Tensor.elementCount(shape));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncodedTensor t && encoding == t.encoding && Float.compare(scale, t.scale) == 0
        && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(shape) + encoding.hashCode()) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return encoding.label() + Arrays.toString(shape);
  }
}
