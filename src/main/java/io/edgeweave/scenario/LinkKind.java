package io.edgeweave.scenario;

/** How a link carries data. */
public enum LinkKind {
  /** Packets of bytes at a fixed rate. */
  DIGITAL,
  /**
   * Over-the-air computation on a MIMO channel: the transmitter's precoded activations go through the
   * channel as analog symbols, errors come back over the reciprocal channel.
   */
  MIMO_OAC,
  /** The digital baseline on the same MIMO channel: values quantised to b bits, sent at the Shannon rate. */
  MIMO_DIGITAL;

  public boolean isMimo() {
    return this != DIGITAL;
  }
}
