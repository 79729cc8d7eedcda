package io.edgeweave.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What each encoding puts on the wire and what the receiver gets back. */
class EncodedTensorTest {
  private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

  @Test
  void uint8CarriesEightBitPixelsExactlyInOneByteEach() {
    float[] pixels = new float[256];
    for (int v = 0; v < 256; v++) pixels[v] = v / 255f; // as IdxReader reads them
    EncodedTensor t = EncodedTensor.of(Encoding.UINT8, new int[] {1, 256}, pixels);
    assertEquals(256, t.byteSize());
    assertArrayEquals(pixels, t.toFloats());
    assertArrayEquals(new float[] {0, 1}, EncodedTensor.of(Encoding.UINT8, new int[] {2}, new float[] {-3, 7}).toFloats(), "clipped");
  }

  @Test
  void int8RoundTripErrsByAtMostHalfAStepOfItsScale() {
    SplittableRandom random = new SplittableRandom(11);
    float[] values = new float[16 * 64];
    for (int i = 0; i < values.length; i++) values[i] = (float) (random.nextGaussian() * 3);
    EncodedTensor t = EncodedTensor.of(Encoding.INT8, new int[] {16, 64}, values);
    float largest = 0;
    for (float v : values) largest = Math.max(largest, Math.abs(v));
    assertEquals(largest / 127, t.scale(), 1e-7);
    float[] back = t.toFloats();
    for (int i = 0; i < values.length; i++) {
      assertTrue(Math.abs(back[i] - values[i]) <= t.scale() / 2 + 1e-6, "value " + i + ": " + values[i] + " came back as " + back[i]);
    }
    assertEquals(values.length + Float.BYTES, t.byteSize(), "a byte per value and the scale");
    assertArrayEquals(new float[3], EncodedTensor.of(Encoding.INT8, new int[] {3}, new float[3]).toFloats(), "all zero");
  }

  @Test
  void float32IsExactAndFourBytesAValue() {
    float[] values = {1.5f, -2.25f, 3e-8f};
    EncodedTensor t = EncodedTensor.of(Encoding.FLOAT32, new int[] {3}, values);
    assertArrayEquals(values, t.toFloats());
    assertEquals(12, t.byteSize());
  }

  @Test
  void travelsThroughCborAsItsBytesAndRefusesBytesThatDoNotFitTheShape() throws Exception {
    for (Encoding e : Encoding.values()) {
      EncodedTensor t = EncodedTensor.of(e, new int[] {2, 3}, new float[] {0.1f, 0.2f, 0.3f, -0.4f, 0.5f, 0.9f});
      byte[] wire = CBOR.writeValueAsBytes(t);
      assertEquals(t, CBOR.readValue(wire, EncodedTensor.class), e.label());
      assertTrue(wire.length < t.byteSize() + 64, e.label() + ": " + wire.length + " bytes on the wire");
    }
    assertThrows(IllegalArgumentException.class, () -> EncodedTensor.fromBytes(new int[] {2, 2}, Encoding.UINT8, 0, new byte[3]));
    assertEquals(Encoding.INT8, Encoding.named("int8").orElseThrow());
    assertTrue(Encoding.named("int4").isEmpty());
  }

  @Test
  void everyEncodingComesBackFromItsBinaryFormByteForByte() {
    float[] values = {0.25f, -1.5f, 0.75f, 1, 0, -0.125f};
    for (Encoding encoding : Encoding.values()) {
      EncodedTensor sent = EncodedTensor.of(encoding, new int[] {2, 3}, values);
      ByteBuffer buffer = ByteBuffer.allocate(sent.writtenSize() + 5);
      buffer.put(new byte[5]); // a header before it, as in a message
      sent.write(buffer);
      assertEquals(0, buffer.remaining(), encoding + ": writtenSize() is what write() takes");
      buffer.flip().position(5);
      assertEquals(sent, EncodedTensor.read(buffer), encoding.label());
    }
  }

  @Test
  void aBinaryFormWithFewerBytesThanItsShapeIsRefused() {
    EncodedTensor sent = EncodedTensor.of(Encoding.INT8, new int[] {4, 4}, new float[16]);
    ByteBuffer buffer = ByteBuffer.allocate(sent.writtenSize());
    sent.write(buffer);
    ByteBuffer cut = ByteBuffer.wrap(Arrays.copyOf(buffer.array(), buffer.capacity() - 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EncodedTensor.read(cut));
    assertEquals("int8 tensor of shape [4, 4] holds 16 values, 15 bytes left", e.getMessage());

    ByteBuffer huge = ByteBuffer.allocate(64).putInt(2).putInt(Integer.MAX_VALUE).putInt(Integer.MAX_VALUE);
    huge.put((byte) 0).putFloat(0).flip();
    assertThrows(IllegalArgumentException.class, () -> EncodedTensor.read(huge), "no allocation for a shape the bytes do not hold");
  }
}
