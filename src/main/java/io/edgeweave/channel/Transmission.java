package io.edgeweave.channel;

import java.util.Comparator;
import java.util.List;

/**
 * The fate of one message on a link: when it left the transmit queue and when (if ever) it arrives.
 *
 * @param sendTimeMs virtual time the sender handed the message to the link
 * @param startTimeMs virtual time its first bit went out (after queueing behind earlier messages)
 * @param serializationMs time to put all its bits on the wire
 * @param deliveries arrivals in the order they were produced: none if dropped, two if duplicated
 * @param partitioned whether it was dropped because the link was cut
 */
public record Transmission(
    int step,
    int attempt,
    long bytes,
    double sendTimeMs,
    double startTimeMs,
    double serializationMs,
    List<Delivery> deliveries,
    boolean partitioned) {

  public Transmission {
    deliveries = List.copyOf(deliveries);
  }

  public boolean dropped() {
    return deliveries.isEmpty();
  }

  public boolean duplicated() {
    return deliveries.size() > 1;
  }

  /** The arrivals, earliest first (a copy held back comes after its duplicate). */
  public List<Delivery> inArrivalOrder() {
    return deliveries.stream().sorted(Comparator.comparingDouble(Delivery::deliveryTimeMs)).toList();
  }

  /** The earliest arrival; fails for a dropped message. */
  public double firstDeliveryMs() {
    return deliveries.stream()
        .mapToDouble(Delivery::deliveryTimeMs)
        .min()
        .orElseThrow(() -> new IllegalStateException("message was dropped"));
  }
}
