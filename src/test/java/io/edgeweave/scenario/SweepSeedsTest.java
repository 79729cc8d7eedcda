package io.edgeweave.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The seeds of a sweep as {@code --seeds} gives them: a count from the scenario's seed, or a list. */
class SweepSeedsTest {
  @Test
  void aCountStartsAtTheRunsOwnSeedAndAListIsTakenAsIs() {
    assertEquals(List.of(7L, 8L, 9L), SweepSpec.Seeds.parse("3").of(7));
    assertEquals(List.of(7L), SweepSpec.Seeds.OWN.of(7));
    assertEquals(List.of(1L, 5L, 9L), SweepSpec.Seeds.parse("1, 5,9").of(7));
    assertEquals(3, SweepSpec.Seeds.parse("1,5,9").size());
  }

  @Test
  void badSeedsAreNamed() {
    assertEquals("the number of seeds must be from 1 to 10000, got 0", message("0"));
    assertEquals("expected a number of seeds (like 3) or a list of seeds (like 1,5,9), got \"x\"", message("x"));
    assertEquals("expected a number of seeds (like 3) or a list of seeds (like 1,5,9), got \"1.5,2\"", message("1.5,2"));
    assertEquals("seed 4 is given twice", message("4,5,4"));
  }

  private static String message(String seeds) {
    return assertThrows(IllegalArgumentException.class, () -> SweepSpec.Seeds.parse(seeds)).getMessage();
  }
}
