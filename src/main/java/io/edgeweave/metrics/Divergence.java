package io.edgeweave.metrics;

/** The one line that tells a user training diverged: what went non-finite, where, when, and what to try. */
public final class Divergence {
  private Divergence() {}

  /**
   * @param when e.g. "step 12" or "round 3"
   * @param where the node or partition where the value appeared
   */
  public static String message(String when, String what, double value, String where) {
    return message(when, what, value, where, "try a smaller model.learning-rate or another model.updater");
  }

  /** @param hint what to change in the scenario */
  public static String message(String when, String what, double value, String where, String hint) {
    return "training diverged at " + when + ": the " + what + " is " + text(value) + " on " + where + "; " + hint
        + " (runtime.on-divergence = continue trains on)";
  }

  /** Training diverged where a run cannot check it step by step (e.g. a model trained before serving). */
  public static final class Diverged extends RuntimeException {
    public Diverged(String message) {
      super(message);
    }
  }

  private static String text(double value) {
    return Double.isNaN(value) ? "NaN" : value > 0 ? "+infinity" : "-infinity";
  }
}
