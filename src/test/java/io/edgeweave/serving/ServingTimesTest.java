package io.edgeweave.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServingTimesTest {
  @Test
  void requestsArriveEveryIntervalFromTheFirstDeploymentAndTheWallTimesCountFromTheirStarts() {
    ServingTimes times = new ServingTimes(50, 1_000_000_000L);
    assertFalse(times.serving());
    assertEquals(0, times.arrivalMs(7), "before serving every request waits at 0");
    assertEquals(0, times.servingMs(9_000_000_000L), "serving never started");

    times.servingFrom(11.5, 3_000_000_000L);
    assertTrue(times.serving());
    assertEquals(11.5, times.servingStartMs());
    assertEquals(11.5 + 300 * 50.0, times.arrivalMs(300));
    times.answered(3_500_000_000L);
    times.answered(3_600_000_000L);
    assertEquals(3_500_000_000L, times.firstAnswerNanos(), "the first answer counts");
    assertEquals(8000, times.sinceStartMs(9_000_000_000L));
    assertEquals(6000, times.servingMs(9_000_000_000L));
  }
}
