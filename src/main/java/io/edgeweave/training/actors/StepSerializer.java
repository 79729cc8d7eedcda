package io.edgeweave.training.actors;

import io.edgeweave.runtime.FieldsSerializer;
import io.edgeweave.training.StepMessage;
import io.edgeweave.training.StepMessageCodec;
import io.edgeweave.training.WireFields;
import java.nio.ByteBuffer;

/**
 * The two messages that carry a training step's tensors between JVMs, {@link WirelessLink.Carry} (a node to its
 * link) and {@link PartitionHost.Deliver} (a link to a node), in {@link StepMessageCodec}'s binary form instead of
 * CBOR: written into Artery's envelope buffer and read out of it without Jackson (ADR 39). Bound to those two classes
 * in {@code application.conf}; every other message stays CBOR.
 */
public final class StepSerializer extends FieldsSerializer {
  /** The serializer's id on the wire: fixed, as every JVM of a cluster must agree on it. */
  public static final int ID = 7302;
  private static final String CARRY = "C";
  private static final String DELIVER = "D";

  public StepSerializer() {
    super("step");
  }

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

  /** Exactly what the message takes: one pass for {@code serialize-messages}' 128 KiB tensors. */
  @Override
  protected int sizeHint(Object message) {
    int size = StepMessageCodec.size(step(message));
    return message instanceof WirelessLink.Carry carry ? size + WireFields.stringSize(carry.senderNode()) : size;
  }

  @Override
  protected void write(Object message, ByteBuffer out) {
    if (message instanceof WirelessLink.Carry carry) WireFields.writeString(carry.senderNode(), out);
    StepMessageCodec.write(step(message), out);
  }

  @Override
  protected Object read(ByteBuffer in, String manifest) {
    return switch (manifest) {
      case CARRY -> {
        String sender = WireFields.readString(in);
        yield new WirelessLink.Carry(sender, StepMessageCodec.read(in));
      }
      case DELIVER -> new PartitionHost.Deliver(StepMessageCodec.read(in));
      default -> throw new IllegalArgumentException("StepSerializer has no message of this manifest");
    };
  }

  private static StepMessage step(Object message) {
    if (message instanceof WirelessLink.Carry carry) return carry.message();
    if (message instanceof PartitionHost.Deliver deliver) return deliver.message();
    throw new IllegalArgumentException("StepSerializer cannot write " + message.getClass().getName());
  }
}
