package io.edgeweave.training.actors;

import io.edgeweave.training.StepMessage;
import io.edgeweave.training.StepMessageCodec;
import java.io.NotSerializableException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * The two messages that carry a training step's tensors between JVMs, {@link WirelessLink.Carry} (a node to its
 * link) and {@link PartitionHost.Deliver} (a link to a node), in {@link StepMessageCodec}'s binary form instead of
 * CBOR: written into Artery's envelope buffer and read out of it without Jackson (ADR 39). Bound to those two classes
 * in {@code application.conf}; every other message stays CBOR.
 */
public final class StepSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {
  /** The serializer's id on the wire: fixed, as every JVM of a cluster must agree on it. */
  public static final int ID = 7302;
  private static final String CARRY = "C";
  private static final String DELIVER = "D";

  @Override
  public int identifier() {
    return ID;
  }

  @Override
  public String manifest(Object message) {
    if (message instanceof WirelessLink.Carry) return CARRY;
    if (message instanceof PartitionHost.Deliver) return DELIVER;
    throw new IllegalArgumentException("StepSerializer cannot write " + message.getClass().getName());
  }

  @Override
  public byte[] toBinary(Object message) {
    int size = StepMessageCodec.size(step(message));
    if (message instanceof WirelessLink.Carry carry) size += StepMessageCodec.stringSize(carry.senderNode());
    ByteBuffer buffer = ByteBuffer.allocate(size);
    toBinary(message, buffer);
    return buffer.array();
  }

  @Override
  public void toBinary(Object message, ByteBuffer buffer) {
    if (message instanceof WirelessLink.Carry carry) StepMessageCodec.writeString(carry.senderNode(), buffer);
    StepMessageCodec.write(step(message), buffer);
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    return fromBinary(ByteBuffer.wrap(bytes), manifest);
  }

  @Override
  public Object fromBinary(ByteBuffer buffer, String manifest) throws NotSerializableException {
    try {
      return switch (manifest) {
        case CARRY -> {
          String sender = StepMessageCodec.readString(buffer);
          yield new WirelessLink.Carry(sender, StepMessageCodec.read(buffer));
        }
        case DELIVER -> new PartitionHost.Deliver(StepMessageCodec.read(buffer));
        default -> throw new NotSerializableException("StepSerializer has no message of manifest '" + manifest + "'");
      };
    } catch (IllegalArgumentException | BufferUnderflowException e) {
      throw new NotSerializableException("malformed step message (manifest '" + manifest + "'): " + e.getMessage());
    }
  }

  private static StepMessage step(Object message) {
    if (message instanceof WirelessLink.Carry carry) return carry.message();
    if (message instanceof PartitionHost.Deliver deliver) return deliver.message();
    throw new IllegalArgumentException("StepSerializer cannot write " + message.getClass().getName());
  }
}
