package io.edgeweave.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.metrics.RunStatus;
import io.edgeweave.scenario.SweepSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The spread over seeds (mean, sample sd, n) and how a sweep table shows it. */
class SpreadTest {
  @Test
  void meanAndSampleStandardDeviationLeaveOutMissingValues() {
    Spread s = Spread.of(0.80, 0.84, Double.NaN, 0.88);
    assertEquals(3, s.n());
    assertEquals(0.84, s.mean(), 1e-12);
    assertEquals(0.04, s.sd(), 1e-12, "sqrt((0.04² + 0 + 0.04²) / (3 - 1))");
    Spread one = Spread.of(0.5);
    assertEquals(1, one.n());
    assertEquals(0.5, one.mean());
    assertTrue(Double.isNaN(one.sd()), "no spread from one value");
    assertEquals(Spread.NONE, Spread.of());
  }

  @Test
  void onlyCompletedRunsCount() {
    List<SweepRow> rows = List.of(row("a", 1, RunStatus.COMPLETED, 0.6), row("a", 2, RunStatus.FAILED, 0.1),
        row("a", 3, RunStatus.COMPLETED, 0.8));
    Spread s = Spread.of(rows, "test_accuracy");
    assertEquals(2, s.n());
    assertEquals(0.7, s.mean(), 1e-12);
    assertEquals(Math.sqrt(0.02), s.sd(), 1e-12);
  }

  @Test
  void aTableWithSeveralSeedsShowsMeanSdAndNAndWithOneTheValueAlone() {
    SweepSpec.Table table = new SweepSpec.Table("snr", "channel", List.of("test_accuracy"));
    List<SweepRow> oneSeed = List.of(row("0", 7, RunStatus.COMPLETED, 0.81), baseline(7, 0.9));
    assertEquals("""
        | snr | static: test accuracy |
        | --- | --- |
        | 0 | 0.8100 |

        baseline centralised: test accuracy 0.9000
        """, SweepTable.markdown(table, oneSeed));

    List<SweepRow> seeds = List.of(row("0", 7, RunStatus.COMPLETED, 0.80), row("10", 7, RunStatus.COMPLETED, 0.86),
        baseline(7, 0.90), row("0", 8, RunStatus.COMPLETED, 0.84), row("10", 8, RunStatus.FAILED, Double.NaN),
        baseline(8, 0.92));
    assertEquals("""
        | snr | static: test accuracy |
        | --- | --- |
        | 0 | 0.8200 ± 0.0283 (n=2) |
        | 10 | 0.8600 (n=1) |

        baseline centralised: test accuracy 0.9100 ± 0.0141 (n=2)
        """, SweepTable.markdown(table, seeds));
    assertTrue(Spread.seeded(seeds));
    assertFalse(Spread.seeded(oneSeed));
  }

  private static SweepRow row(String snr, long seed, RunStatus status, double accuracy) {
    return new SweepRow(Map.of("snr", snr, "channel", "static"), seed, status, Map.of("test_accuracy", accuracy), "");
  }

  private static SweepRow baseline(long seed, double accuracy) {
    return new SweepRow(Map.of("baseline", "centralised"), seed, RunStatus.COMPLETED, Map.of("test_accuracy", accuracy), "");
  }
}
