package io.edgeweave.channel;

/**
 * One arrival of a message at the far end of a link.
 *
 * @param deliveryTimeMs virtual time of arrival
 * @param reordered whether the copy was held back so that later messages may overtake it
 */
public record Delivery(double deliveryTimeMs, boolean reordered) {}
