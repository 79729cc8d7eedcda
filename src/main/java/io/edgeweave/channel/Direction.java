package io.edgeweave.channel;

import io.edgeweave.scenario.LinkSpec;

/** Which way a message crosses a full-duplex link; each way has its own transmit queue. */
public enum Direction {
  /** From the link's {@code from} node to its {@code to} node. */
  FORWARD,
  /** From the link's {@code to} node to its {@code from} node. */
  BACKWARD;

  /** The direction of a message that {@code sender} puts on {@code link}. */
  public static Direction of(LinkSpec link, String sender) {
    if (sender.equals(link.from())) {
      return FORWARD;
    }
    if (sender.equals(link.to())) {
      return BACKWARD;
    }
    throw new IllegalArgumentException(
        "node '" + sender + "' is not an end of link '" + link.id() + "'");
  }
}
