package io.edgeweave.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TicksTest {

  @Test
  void picksNiceStepsInsideTheRange() {
    Ticks ticks = Ticks.spanning(-0.5, 999.5, 6, true);
    assertEquals(List.of(0.0, 200.0, 400.0, 600.0, 800.0), ticks.values());
    assertEquals(-0.5, ticks.low());
  }

  @Test
  void roundedOutAxisEndsOnTicks() {
    Ticks ticks = Ticks.spanning(0.13, 0.91, 5, false).roundedOut();
    assertEquals(List.of("0", "0.2", "0.4", "0.6", "0.8", "1"),
        ticks.values().stream().map(Decimals::format).toList());
  }

  @Test
  void singleValueGetsARangeAroundIt() {
    Ticks ticks = Ticks.spanning(3, 3, 6, true);
    assertEquals(1.0, ticks.step());
    assertEquals(List.of(3.0), ticks.values());
    assertEquals(List.of(2.0, 3.0, 4.0), ticks.roundedOut().values());
  }

  @Test
  void zeroGetsAUnitRange() {
    Ticks ticks = Ticks.spanning(0, 0, 5, false);
    assertEquals(-1.0, ticks.low());
    assertEquals(1.0, ticks.high());
  }
}
