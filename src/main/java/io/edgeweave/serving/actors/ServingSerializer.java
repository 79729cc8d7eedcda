package io.edgeweave.serving.actors;

import io.edgeweave.runtime.FieldsSerializer;
import io.edgeweave.runtime.LinkStats;
import io.edgeweave.serving.Answer;
import io.edgeweave.serving.ServingMessageCodec;
import io.edgeweave.tensor.EncodedTensor;
import io.edgeweave.training.WireFields;
import java.nio.ByteBuffer;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * The messages a JMSNAS deployment sends for every request it serves, as plain little-endian fields instead of
 * CBOR (ADR 40): the probe round ({@link ServingLink.Probe}, {@link ServingLink.State}, {@link ServingNode.Heartbeat},
 * {@link ServingNode.Alive}), the request ({@link ServingNode.Serve}), its hops ({@link ServingLink.Carry},
 * {@link ServingNode.Deliver}, {@link ServingNode.Lost}) and its answer ({@link ServingNode.Completed}). Bound to
 * these classes in {@code application.conf}; every other message stays CBOR.
 */
public final class ServingSerializer extends FieldsSerializer {
  /** The serializer's id on the wire: fixed, as every JVM of a cluster must agree on it. */
  public static final int ID = 7303;

  private final ExtendedActorSystem system;
  private volatile ActorRefResolver resolver;

  public ServingSerializer(ExtendedActorSystem system) {
    super("serving");
    this.system = system;
  }

  @Override
  public int identifier() {
    return ID;
  }

  @Override
  public String manifest(Object message) {
    if (message instanceof ServingLink.Probe) return "P";
    if (message instanceof ServingLink.State) return "S";
    if (message instanceof ServingNode.Heartbeat) return "H";
    if (message instanceof ServingNode.Alive) return "A";
    if (message instanceof ServingNode.Serve) return "V";
    if (message instanceof ServingLink.Carry) return "C";
    if (message instanceof ServingNode.Deliver) return "D";
    if (message instanceof ServingNode.Lost) return "L";
    if (message instanceof ServingNode.Completed) return "K";
    throw new IllegalArgumentException("ServingSerializer cannot write " + message.getClass().getName());
  }

  @Override
  protected void write(Object message, ByteBuffer out) {
    if (message instanceof ServingLink.Probe p) {
      out.putInt(p.request()).putDouble(p.timeMs()).putInt(p.round());
      WireFields.writeFlag(p.ahead(), out);
      WireFields.writeString(resolver().toSerializationFormat(p.replyTo()), out);
    } else if (message instanceof ServingLink.State s) {
      WireFields.writeString(s.linkId(), out);
      out.putInt(s.round()).putDouble(s.bitsPerSecond());
      WireFields.writeFlag(s.partitioned(), out);
      writeStats(s.stats(), out);
    } else if (message instanceof ServingNode.Heartbeat h) {
      out.putInt(h.request()).putDouble(h.timeMs()).putInt(h.round());
    } else if (message instanceof ServingNode.Alive a) {
      WireFields.writeString(a.node(), out);
      out.putInt(a.round());
    } else if (message instanceof ServingNode.Serve s) {
      out.putInt(s.epoch()).putInt(s.request()).putDouble(s.arrivalMs()).putDouble(s.notBeforeMs());
      s.input().write(out);
    } else if (message instanceof ServingLink.Carry c) {
      WireFields.writeString(c.senderNode(), out);
      ServingMessageCodec.write(c.message(), out);
    } else if (message instanceof ServingNode.Deliver d) {
      ServingMessageCodec.write(d.message(), out);
    } else if (message instanceof ServingNode.Lost l) {
      ServingMessageCodec.write(l.message(), out);
    } else {
      ServingNode.Completed c = (ServingNode.Completed) message;
      WireFields.writeString(c.node(), out);
      ServingMessageCodec.write(c.answer(), out);
    }
  }

  @Override
  protected Object read(ByteBuffer in, String manifest) {
    return switch (manifest) {
      case "P" -> {
        int request = in.getInt();
        double timeMs = in.getDouble();
        int round = in.getInt();
        boolean ahead = WireFields.readFlag(in, "ahead");
        ActorRef<ServingLink.State> replyTo = resolver().resolveActorRef(WireFields.readString(in));
        yield new ServingLink.Probe(request, timeMs, round, ahead, replyTo);
      }
      case "S" -> {
        String linkId = WireFields.readString(in);
        int round = in.getInt();
        double bitsPerSecond = in.getDouble();
        boolean partitioned = WireFields.readFlag(in, "partitioned");
        yield new ServingLink.State(linkId, round, bitsPerSecond, partitioned, readStats(in));
      }
      case "H" -> new ServingNode.Heartbeat(in.getInt(), in.getDouble(), in.getInt());
      case "A" -> new ServingNode.Alive(WireFields.readString(in), in.getInt());
      case "V" -> {
        int epoch = in.getInt();
        int request = in.getInt();
        double arrivalMs = in.getDouble();
        double notBeforeMs = in.getDouble();
        yield new ServingNode.Serve(epoch, request, EncodedTensor.read(in), arrivalMs, notBeforeMs);
      }
      case "C" -> new ServingLink.Carry(WireFields.readString(in), ServingMessageCodec.read(in));
      case "D" -> new ServingNode.Deliver(ServingMessageCodec.read(in));
      case "L" -> new ServingNode.Lost(ServingMessageCodec.read(in));
      case "K" -> {
        String node = WireFields.readString(in);
        if (!(ServingMessageCodec.read(in) instanceof Answer answer)) throw new IllegalArgumentException("a completion without an answer");
        yield new ServingNode.Completed(node, answer);
      }
      default -> throw new IllegalArgumentException("ServingSerializer has no message of this manifest");
    };
  }

  private static void writeStats(LinkStats stats, ByteBuffer out) {
    WireFields.writeString(stats.linkId(), out);
    out.putLong(stats.bytesSent()).putLong(stats.messagesSent()).putLong(stats.messagesDropped()).putLong(stats.messagesDuplicated());
    out.putDouble(stats.channelUses());
  }

  private static LinkStats readStats(ByteBuffer in) {
    return new LinkStats(WireFields.readString(in), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getDouble());
  }

  /** Typed actor references as Pekko writes them, resolved in this actor system; made on first use (after start-up). */
  private ActorRefResolver resolver() {
    ActorRefResolver r = resolver;
    if (r == null) resolver = r = ActorRefResolver.get(Adapter.toTyped(system));
    return r;
  }
}
