package io.edgeweave.runtime;

import io.edgeweave.training.WireFields;
import java.io.NotSerializableException;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * A serializer of a few hot messages as plain little-endian fields, written straight into Artery's buffer and read
 * straight out of it (ADR 39, ADR 40). A subclass names each message by a manifest and writes and reads its fields;
 * bytes it cannot read are refused in one line that names the kind of message and the manifest.
 */
public abstract class FieldsSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {
  /** The byte-array form (local verification, tests) grows its buffer up to this before it gives up. */
  private static final int MAX_BYTES = 64 << 20;

  private final String kind;

  /** @param kind what the messages are, for the refusal of malformed bytes ("step", "serving") */
  protected FieldsSerializer(String kind) {
    this.kind = kind;
  }

  /** Writes the fields of {@code message}, whose {@link #manifest} is known, into a little-endian buffer. */
  protected abstract void write(Object message, ByteBuffer out);

  /**
   * Reads a message of {@code manifest} from a little-endian buffer.
   *
   * @throws IllegalArgumentException if the bytes are not one, or no message has that manifest
   */
  protected abstract Object read(ByteBuffer in, String manifest);

  /** Bytes {@code message} is likely to take: where the byte-array form starts. */
  protected int sizeHint(Object message) {
    return 1 << 10;
  }

  /** Only for local verification and tests (Artery writes into its buffer): written into a buffer that grows. */
  @Override
  public final byte[] toBinary(Object message) {
    for (int capacity = sizeHint(message); ; capacity *= 2) {
      ByteBuffer buffer = ByteBuffer.allocate(capacity);
      try {
        toBinary(message, buffer);
        return buffer.hasRemaining() ? Arrays.copyOf(buffer.array(), buffer.position()) : buffer.array();
      } catch (BufferOverflowException e) {
        if (capacity >= MAX_BYTES) throw e;
      }
    }
  }

  @Override
  public final void toBinary(Object message, ByteBuffer buffer) {
    manifest(message); // refuses what it cannot write before anything is written
    WireFields.littleEndian(buffer, out -> {
      write(message, out);
      return null;
    });
  }

  @Override
  public final Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    return fromBinary(ByteBuffer.wrap(bytes), manifest);
  }

  @Override
  public final Object fromBinary(ByteBuffer buffer, String manifest) throws NotSerializableException {
    try {
      return WireFields.littleEndian(buffer, in -> read(in, manifest));
    } catch (IllegalArgumentException e) {
      throw new NotSerializableException("malformed " + kind + " message (manifest '" + manifest + "'): " + e.getMessage());
    } catch (BufferUnderflowException e) {
      throw new NotSerializableException("malformed " + kind + " message (manifest '" + manifest + "'): cut short");
    }
  }
}
