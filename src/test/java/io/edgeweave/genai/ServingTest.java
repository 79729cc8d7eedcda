package io.edgeweave.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.genai.TierRouter.Estimate;
import io.edgeweave.genai.TierRouter.Tier;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServingTest {
  static final Estimate EDGE_FAST_POOR = new Estimate(Tier.EDGE, 5, 0.4);
  static final Estimate EDGE_FAST_GOOD = new Estimate(Tier.EDGE, 5, 0.9);
  static final Estimate EDGE_SLOW_GOOD = new Estimate(Tier.EDGE, 80, 0.9);
  static final Estimate CLOUD = new Estimate(Tier.CLOUD, 40, 0.8);

  @Test
  void theEdgeServesWhenItMeetsFloorAndDeadline() {
    assertEquals(EDGE_FAST_GOOD, TierRouter.choose(List.of(EDGE_FAST_GOOD, CLOUD), 50, 0.7));
  }

  @Test
  void theCloudServesWhenTheEdgeModelIsTooPoor() {
    assertEquals(CLOUD, TierRouter.choose(List.of(EDGE_FAST_POOR, CLOUD), 50, 0.7));
  }

  @Test
  void theCloudServesWhenTheEdgeIsTooBusy() {
    assertEquals(CLOUD, TierRouter.choose(List.of(EDGE_SLOW_GOOD, CLOUD), 50, 0.7));
  }

  @Test
  void withNoTierInTimeTheEarliestGoodEnoughServes() {
    assertEquals(CLOUD, TierRouter.choose(List.of(EDGE_SLOW_GOOD, CLOUD), 30, 0.7));
  }

  @Test
  void withNoTierGoodEnoughTheBestServes() {
    assertEquals(CLOUD, TierRouter.choose(List.of(EDGE_FAST_POOR, CLOUD), 50, 0.95));
  }

  @Test
  void requestsAreSeededOrderedAndMostlyLocal() {
    long[][] counts = {{100, 0, 0}, {0, 0, 100}};
    List<RequestStream.Request> a = RequestStream.generate(400, 10, 4, 50, 0.6, 0.9, counts, 3);
    assertEquals(a, RequestStream.generate(400, 10, 4, 50, 0.6, 0.9, counts, 3));
    double previous = 0;
    int local = 0;
    for (RequestStream.Request r : a) {
      assertTrue(r.arrivalMs() > previous);
      previous = r.arrivalMs();
      assertEquals(r.arrivalMs() + 50, r.deadlineMs(), 1e-9);
      if (counts[r.edge()][r.cls()] > 0) local++;
    }
    // 90% local plus a third of the uniform 10%
    assertTrue(local > 0.85 * a.size() && local < 0.98 * a.size(), "local " + local);
    assertEquals(10, previous / a.size(), 2, "mean gap");
  }
}
