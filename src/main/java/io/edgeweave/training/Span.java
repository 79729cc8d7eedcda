package io.edgeweave.training;

/**
 * A piece of virtual time spent on one step by one component: a node computing, a link carrying, or a
 * sender waiting to retry. A step's trace of spans travels with its messages.
 */
public record Span(String component, Phase phase, double startMs, double endMs, long bytes) {
  public enum Phase {
    FORWARD,
    BACKWARD,
    TRANSFER,
    RETRY
  }

  public double durationMs() {
    return endMs - startMs;
  }
}
