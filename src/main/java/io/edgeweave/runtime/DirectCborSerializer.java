package io.edgeweave.runtime;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.apache.pekko.serialization.jackson.JacksonSerializer;

/**
 * Pekko's Jackson CBOR serializer (same bytes, same allow-list: only classes bound to it), that writes a message
 * straight into Artery's envelope buffer. Pekko's own serializer first builds a byte array in chunks, copies it
 * into one array, and Artery copies that into the buffer: for a 1 MiB tensor, three copies and a humongous
 * allocation on every send, where this makes one copy. Bound to {@link CborSerializable} in
 * {@code application.conf}. It relies on Pekko's serializer as of 1.7.0 ({@code JacksonSerializer} is internal
 * API): {@code manifest} runs the allow-list checks, the binding compresses nothing (so the buffer holds what
 * {@code toBinary(Object)} returns), {@code fromBinary(byte[], String)} checks the class the manifest names.
 * {@code DirectCborSerializerTest} pins each of these.
 */
public final class DirectCborSerializer extends JacksonSerializer implements ByteBufferSerializer {
  public DirectCborSerializer(ExtendedActorSystem system, String bindingName) {
    super(system, bindingName, JacksonObjectMapperProvider.get(system).getOrCreate(bindingName, Optional.of(new CBORFactory())));
    String compression = JacksonObjectMapperProvider.configForBinding(bindingName, system.settings().config())
        .getString("compression.algorithm");
    if (!compression.equals("off")) {
      throw new IllegalArgumentException("serializer binding " + bindingName + " writes uncompressed CBOR into Artery's"
          + " buffer: set pekko.serialization.jackson." + bindingName + ".compression.algorithm = off, not " + compression);
    }
  }

  @Override
  public void toBinary(Object message, ByteBuffer buffer) {
    manifest(message); // the allow-list checks of toBinary(Object)
    try {
      objectMapper().writeValue(new BufferStream(buffer), message);
    } catch (IOException e) {
      // Artery reports a BufferOverflowException as an oversized message, naming the frame size
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof BufferOverflowException overflow) throw overflow;
      }
      throw new UncheckedIOException("cannot serialise " + message.getClass().getName(), e);
    }
  }

  /** Reads as Pekko's serializer does, with its checks of the class the manifest names. */
  @Override
  public Object fromBinary(ByteBuffer buffer, String manifest) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return fromBinary(bytes, manifest);
  }

  /** Writes into the buffer; a message that does not fit throws {@link BufferOverflowException}. */
  private static final class BufferStream extends OutputStream {
    private final ByteBuffer buffer;

    BufferStream(ByteBuffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public void write(int b) {
      buffer.put((byte) b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      buffer.put(bytes, offset, length);
    }
  }
}
