package io.edgeweave.collab;

import io.edgeweave.channel.Delivery;
import io.edgeweave.channel.DigitalLinkModel;
import io.edgeweave.channel.Direction;
import io.edgeweave.channel.Transmission;
import java.util.List;

/**
 * One message over a device's link with link-layer retransmission in virtual time: a lost attempt is sent
 * again {@code retryTimeoutMs} after it was sent, as the next attempt, up to {@code maxRetries} times (the
 * same rule as ADR 2, kept inside the link because the sender has nothing else to do meanwhile).
 *
 * @param arrivalsMs virtual arrival times: one, two when duplicated, none when every attempt was lost
 * @param attempts transmissions made
 * @param bytesSent bytes put on the link over all attempts
 */
public record LinkTransfer(List<Double> arrivalsMs, int attempts, long bytesSent) {

  public static LinkTransfer send(
      DigitalLinkModel link, Direction direction, int round, long bytes, double sentAtMs, double retryTimeoutMs,
      int maxRetries) {
    double at = sentAtMs;
    for (int attempt = 0; ; attempt++) {
      Transmission t = link.transmit(direction, round, attempt, bytes, at);
      if (!t.dropped()) {
        List<Double> arrivals = t.deliveries().stream().map(Delivery::deliveryTimeMs).toList();
        return new LinkTransfer(arrivals, attempt + 1, (attempt + 1) * bytes);
      }
      if (attempt == maxRetries) return new LinkTransfer(List.of(), attempt + 1, (attempt + 1) * bytes);
      at += retryTimeoutMs;
    }
  }

  public boolean delivered() {
    return !arrivalsMs.isEmpty();
  }

  /** Attempts that were lost. */
  public int lost() {
    return delivered() ? attempts - 1 : attempts;
  }

  public boolean duplicated() {
    return arrivalsMs.size() > 1;
  }
}
