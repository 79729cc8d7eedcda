package io.edgeweave.scenario;

import java.time.Duration;

/**
 * A link between two nodes. For a digital link a message of {@code b} bytes takes queueing + propagation +
 * jitter + 8·b / rate. The impairment probabilities are the link's baseline; faults change them in windows.
 *
 * @param bitsPerSecond transmission rate
 * @param jitter upper bound of a uniform extra delay per message
 * @param loss probability that a message is dropped
 * @param duplicate probability that a message is delivered twice
 * @param reorder probability that a message is held back so that later ones overtake it
 * @param mimo the MIMO channel of a {@code mimo-oac} or {@code mimo-digital} link; {@code null} for a
 *     digital link (whose time per message is 8·bytes / rate)
 */
public record LinkSpec(
    String id,
    LinkKind kind,
    String from,
    String to,
    double bitsPerSecond,
    Duration propagation,
    Duration jitter,
    double loss,
    double duplicate,
    double reorder,
    MimoSpec mimo) {

  /** A digital link. */
  public LinkSpec(
      String id,
      LinkKind kind,
      String from,
      String to,
      double bitsPerSecond,
      Duration propagation,
      Duration jitter,
      double loss,
      double duplicate,
      double reorder) {
    this(id, kind, from, to, bitsPerSecond, propagation, jitter, loss, duplicate, reorder, null);
  }

  public boolean joins(String a, String b) {
    return (from.equals(a) && to.equals(b)) || (from.equals(b) && to.equals(a));
  }
}
