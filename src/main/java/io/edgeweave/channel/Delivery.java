package io.edgeweave.channel;

import java.time.Duration;

/**
 * One arrival of a message at the far end of a link.
 *
 * @param deliveryTimeMs virtual time of arrival
 * @param reordered whether the copy was held back so that later messages may overtake it
 */
public record Delivery(double deliveryTimeMs, boolean reordered) {
  /** How long this arrival waits on the wall clock: its virtual delay after {@code sent}, paced by {@code timeScale} (0: none). */
  public Duration wallDelay(Transmission sent, double timeScale) {
    return Duration.ofNanos((long) (timeScale * (deliveryTimeMs - sent.sendTimeMs()) * 1e6));
  }
}
