package io.edgeweave.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StrategyResultTest {
  static StrategyResult row(String name, int classes) {
    List<QualityJudge.ClassQuality> q = IntStream.range(0, classes).mapToObj(c -> new QualityJudge.ClassQuality(c, 10, 0.5)).toList();
    return new StrategyResult(name, 10, Double.NaN, 0.5, 1_500_000, 0, 2500, 1200, 4.2, 9.9, 0.9, 1, 0.75, q);
  }

  @Test
  void aMeasuredIntervalIsShownBesideTheDistance() {
    StrategyResult r = row("fine-tune", 10);
    StrategyResult withInterval = new StrategyResult(r.strategy(), r.frechet(), 0.456, r.fidelity(), r.upBytes(),
        r.downBytes(), r.serveBytes(), r.readyMs(), r.latencyMeanMs(), r.latencyP95Ms(), r.edgeShare(),
        r.deadlineMet(), r.floorMet(), r.perClass());
    assertTrue(StrategyResult.table(List.of(withInterval)).contains("| fine-tune | 10.00 ± 0.46 | 0.500 |"));
  }

  @Test
  void theHalfWidthCombinesTheClassesStandardDeviations() {
    QualityJudge.Quality q = new QualityJudge.Quality(List.of(
        new QualityJudge.ClassQuality(0, 10, 0.5, 3), new QualityJudge.ClassQuality(1, 20, 0.5, 4)));
    // sd of the mean of two independent distances: √(3² + 4²) / 2 = 2.5
    assertEquals(1.96 * 2.5, q.meanFrechetHalfWidth(), 1e-3);
    assertTrue(Double.isNaN(new QualityJudge.Quality(List.of(new QualityJudge.ClassQuality(0, 10, 0.5))).meanFrechetHalfWidth()));
  }

  @Test
  void theTableShowsUnitsAndFlagsRowsJudgedOnFewerClasses() {
    String table = StrategyResult.table(List.of(row("freeze", 10), row("deployed", 8)));
    assertTrue(table.contains("| freeze | 10.00 | 0.500 | 1.5 MB | 0 | 2.5 kB | 1.200 s | 4.2 ms | 9.9 ms | 90% | 100% | 75% |"), table);
    assertTrue(table.contains("| deployed (8 classes judged) |"), table);
  }
}
