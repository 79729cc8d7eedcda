package io.edgeweave.genai.actors;

import io.edgeweave.channel.DigitalLinkModel;
import io.edgeweave.channel.Direction;
import io.edgeweave.channel.Transmission;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.LinkSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The link between an edge device and the cloud for the genai workload. The link model decides each
 * transfer's fate and virtual delivery time; a lost transfer is sent again by the link's own ARQ,
 * {@code retryMs} later in virtual time, so the ends see a reliable but slower link. Transfers are
 * numbered per link: the number is the "step" that fault windows and the link's random draws use.
 */
public final class GenLink {
  public interface Command extends CborSerializable {}

  public record Carry(String senderNode, Transfer transfer, double sendMs) implements Command {}

  public record GetTraffic(ActorRef<Traffic> replyTo) implements Command {}

  /** Bytes per purpose in each direction ({@code up}: edge → cloud), and losses recovered by ARQ. */
  public record Traffic(String linkId, Map<String, Long> upBytes, Map<String, Long> downBytes, long retransmissions)
      implements CborSerializable {}

  /** Told to the director when a transfer could not get through within the retry budget. */
  public record Failed(String linkId, String reason) implements CborSerializable {}

  private GenLink() {}

  /**
   * @param edge the edge end ({@code from} or {@code to} of the spec)
   */
  public static Behavior<Command> create(
      LinkSpec spec, List<FaultSpec> faults, long seed, double retryMs, int maxRetries, String edgeNode,
      ActorRef<Delivered> edge, ActorRef<Delivered> cloud, ActorRef<Failed> failures) {
    DigitalLinkModel model = new DigitalLinkModel(spec, faults, seed);
    Map<String, Long> up = new TreeMap<>();
    Map<String, Long> down = new TreeMap<>();
    long[] counters = new long[2]; // transfers, retransmissions
    return Behaviors.receive(Command.class)
        .onMessage(Carry.class, carry -> {
          boolean fromEdge = carry.senderNode().equals(edgeNode);
          Direction direction = Direction.of(spec, carry.senderNode());
          int step = (int) counters[0]++;
          double sendMs = carry.sendMs();
          for (int attempt = 0; attempt <= maxRetries; attempt++) {
            Transmission t = model.transmit(direction, step, attempt, carry.transfer().bytes(), sendMs);
            (fromEdge ? up : down).merge(carry.transfer().purpose(), t.bytes(), Long::sum);
            if (!t.dropped()) {
              (fromEdge ? cloud : edge).tell(new Delivered(carry.senderNode(), carry.transfer(), t.firstDeliveryMs()));
              return Behaviors.same();
            }
            counters[1]++;
            sendMs = t.startTimeMs() + t.serializationMs() + retryMs;
          }
          failures.tell(new Failed(spec.id(), "a " + carry.transfer().purpose() + " transfer was lost " + (maxRetries + 1) + " times"));
          return Behaviors.same();
        })
        .onMessage(GetTraffic.class, get -> {
          get.replyTo().tell(new Traffic(spec.id(), Map.copyOf(up), Map.copyOf(down), counters[1]));
          return Behaviors.same();
        })
        .build();
  }
}
