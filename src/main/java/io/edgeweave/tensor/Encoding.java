package io.edgeweave.tensor;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a tensor's values cross a link. The cost model and the runtime both count a message's bytes with
 * {@link #bytes(long)}, and the runtime puts exactly those bytes on the wire ({@link EncodedTensor}).
 */
public enum Encoding {
  /** 4 bytes per value, exact. */
  FLOAT32(Float.BYTES, 0),
  /**
   * 1 byte per value: a value in [0, 1] as {@code round(255·x)}, as an 8-bit camera sends pixels. Exact for
   * images read from 8-bit files; values outside [0, 1] are clipped.
   */
  UINT8(1, 0),
  /**
   * 1 byte per value plus a float32 scale per tensor: {@code round(x / s)} in [-127, 127] with
   * {@code s = max|x| / 127}; the error per value is at most {@code s / 2}.
   */
  INT8(1, Float.BYTES);

  private final int bytesPerValue;
  private final int bytesPerTensor;

  Encoding(int bytesPerValue, int bytesPerTensor) {
    this.bytesPerValue = bytesPerValue;
    this.bytesPerTensor = bytesPerTensor;
  }

  /** Bytes each value takes, the tensor's own bytes (a scale) aside. */
  int bytesPerValue() {
    return bytesPerValue;
  }

  /** Bytes a tensor of {@code values} values takes on the wire. */
  public long bytes(long values) {
    return values * bytesPerValue + bytesPerTensor;
  }

  /** The name scenarios use: {@code float32}, {@code uint8}, {@code int8}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Encoding> named(String label) {
    return Arrays.stream(values()).filter(e -> e.label().equals(label)).findFirst();
  }
}
