package io.edgeweave.genai;

import java.util.Comparator;
import java.util.List;

/**
 * Chooses where a generation request is served. Each tier that holds a model for the request's class offers
 * an estimate: when it would finish (its queue, its compute, the links on the way) and the class fidelity
 * its model reaches. The first tier in the given order (edge before cloud: no traffic, no cloud load) that
 * meets both the quality floor and the deadline serves; if none meets both, the earliest finish among those
 * meeting the floor; if none meets the floor, the best quality.
 */
public final class TierRouter {
  public enum Tier {
    EDGE,
    CLOUD
  }

  /** What a tier offers for one request. */
  public record Estimate(Tier tier, double finishMs, double fidelity) {}

  private TierRouter() {}

  /** @param options the tiers that can serve the class, in order of preference; at least one */
  public static Estimate choose(List<Estimate> options, double deadlineMs, double qualityFloor) {
    if (options.isEmpty()) throw new IllegalArgumentException("no tier holds a model for this request");
    for (Estimate e : options) {
      if (e.fidelity() >= qualityFloor && e.finishMs() <= deadlineMs) return e;
    }
    return options.stream()
        .filter(e -> e.fidelity() >= qualityFloor)
        .min(Comparator.comparingDouble(Estimate::finishMs))
        .orElseGet(() -> options.stream()
            .max(Comparator.comparingDouble(Estimate::fidelity).thenComparing(e -> -e.finishMs()))
            .orElseThrow());
  }
}
