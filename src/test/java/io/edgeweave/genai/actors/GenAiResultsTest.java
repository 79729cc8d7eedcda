package io.edgeweave.genai.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.genai.GenAiSetup;
import io.edgeweave.genai.ImageGrid;
import io.edgeweave.genai.QualityJudge;
import io.edgeweave.genai.QualityJudge.ClassQuality;
import io.edgeweave.genai.RequestStream;
import io.edgeweave.genai.StrategyResult;
import io.edgeweave.genai.TaskCategories;
import io.edgeweave.genai.TierRouter;
import io.edgeweave.scenario.GenAiSpec;
import io.edgeweave.scenario.GenAiSpec.Strategy;
import io.edgeweave.scenario.ScenarioException;
import io.edgeweave.scenario.ScenarioLoader;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GenAiResultsTest {
  private static final int CLASSES = 10;
  private static final GenAiSpec SPEC = spec();
  private static final TaskCategories CATEGORIES = GenAiSetup.categories(SPEC, CLASSES);
  /** The category of classes 5–9 in the scenario of {@link GenAiRunTest}. */
  private static final int HIGH = CATEGORIES.categoryOf(5);
  // edge 0 holds more of class 5 than edge 1; edge 1 more of class 6
  private static final long[][] COUNTS = {
    {10, 10, 10, 10, 10, 30, 1, 0, 0, 0},
    {0, 0, 0, 0, 0, 20, 9, 10, 10, 10}
  };

  @Test
  void edgeOnlyAndDeployedAverageTheirEdgesModelsClassByClassOthersTakeTheirOneModel() {
    GenAiResults results = everyModelJudgedAndDeployedAt(1, 0);

    Map<String, StrategyResult> rows = byStrategy(results.rows());

    assertEquals(90, rows.get("edge-only").frechet(), 1e-12);
    assertEquals(0.3, rows.get("edge-only").fidelity(), 1e-12);
    assertEquals(60, rows.get("freeze").frechet(), 1e-12);
    assertEquals(45, rows.get("deployed").frechet(), 1e-12, "the mean of both edges' task models");
    assertEquals(5, rows.get("deployed").perClass().size(), "only the classes of the category deployed");
    assertEquals(1_000, rows.get("centralised").upBytes(), "the pooled raw data");
  }

  @Test
  void aRowsIntervalCombinesTheDeviationsOfTheModelsItAverages() {
    GenAiResults results = everyModelJudgedAndDeployedAt(1, 0);
    results.judged(judged(GenAiResults.edgeLabel(0), withSd(allClasses(100, 0.2), 3)));
    results.judged(judged(GenAiResults.edgeLabel(1), withSd(allClasses(80, 0.4), 4)));
    results.judged(judged(GenAiResults.label(Strategy.FREEZE), withSd(allClasses(60, 0.5), 2)));

    Map<String, StrategyResult> rows = byStrategy(results.rows());

    // edge-only: per class the mean of two models, sd √(3² + 4²) / 2 = 2.5; over 10 classes √(10 · 2.5²) / 10
    assertEquals(1.96 * 2.5 / Math.sqrt(CLASSES), rows.get("edge-only").frechetHalfWidth(), 1e-3);
    assertEquals(1.96 * 2 / Math.sqrt(CLASSES), rows.get("freeze").frechetHalfWidth(), 1e-3);
    assertTrue(Double.isNaN(rows.get("fedavg").frechetHalfWidth()), "judged without a bootstrap");
  }

  @Test
  void theGridShowsEachClassFromTheEdgeHoldingMostOfIt() {
    GenAiResults results = everyModelJudgedAndDeployedAt(0, 1);

    List<ImageGrid.Band> grid = results.grid();

    ImageGrid.Band edgeOnly = grid.get(0);
    assertEquals("edge-only", edgeOnly.label());
    assertEquals(100, edgeOnly.cells()[5][0][0], "class 5 from edge 0 (30 images against 20)");
    assertEquals(80, edgeOnly.cells()[6][0][0], "class 6 from edge 1 (9 images against 1)");
    ImageGrid.Band deployed = grid.get(grid.size() - 1);
    assertEquals(0, deployed.cells()[0].length, "no task model of the first category was deployed");
    assertEquals(40, deployed.cells()[5][0][0]);
  }

  @Test
  void servedRequestsGiveLatencyEdgeShareDeadlinesAndRequestRows() {
    GenAiResults results = results();
    RequestStream.Request request = new RequestStream.Request(3, 1, 7, 2, 12.5, 62.5, 0.5);
    results.served(Strategy.FREEZE, request, 10, TierRouter.Tier.EDGE, true, false);
    results.served(Strategy.FREEZE, request, 30, TierRouter.Tier.CLOUD, false, true);
    everyModelJudged(results);

    StrategyResult freeze = byStrategy(results.rows()).get("freeze");

    assertEquals(20, freeze.latencyMeanMs(), 1e-12);
    assertEquals(30, freeze.latencyP95Ms(), 1e-12);
    assertEquals(0.5, freeze.edgeShare(), 1e-12);
    assertEquals(0.5, freeze.deadlineMet(), 1e-12);
    assertEquals(2, results.servedCount());
    assertArrayEquals(new String[] {"freeze", "3", "b", "7", "12.500", "10.000", "edge", "true", "false"},
        results.requestRows().get(0));
  }

  @Test
  void trafficIsCompleteWhenEveryLinkReportedAndAReplayForgetsAllButTheJudgements() {
    GenAiResults results = results();
    results.judged(judged(GenAiResults.edgeLabel(0), allClasses(1, 1)));
    results.ready(Strategy.DEPLOYED, 5);
    results.ready(Strategy.DEPLOYED, 3);
    assertFalse(results.traffic(new GenLink.Traffic("la", Map.of("upload", 100L), Map.of(), 2), 2));
    assertTrue(results.traffic(new GenLink.Traffic("lb", Map.of("upload", 50L), Map.of("deploy", 7L), 1), 2));
    assertEquals(157, results.linkBytes());
    assertEquals(3, results.retransmissions());
    assertTrue(results.isReady(Strategy.DEPLOYED));

    results.forgetDeployment();

    assertFalse(results.isReady(Strategy.DEPLOYED));
    assertEquals(0, results.linkBytes());
    assertEquals(1, results.judgements());
    assertNull(results.edgeFidelity(Strategy.FREEZE, 0), "freeze serves nothing at the edge");
  }

  private static GenAiResults results() {
    return new GenAiResults(SPEC, CLASSES, CATEGORIES, COUNTS, 1_000);
  }

  private static GenAiSpec spec() {
    try {
      return (GenAiSpec) ScenarioLoader.parse(GenAiRunTest.SCENARIO
          + "workload.strategies = [edge-only, fedavg, centralised, freeze, deployed]", "tiny.conf", List.of()).workload();
    } catch (ScenarioException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every model judged, and task models of classes 5–9 deployed to the edges in the order given. */
  private static GenAiResults everyModelJudgedAndDeployedAt(int... edges) {
    GenAiResults results = results();
    everyModelJudged(results);
    for (int edge : edges) results.deployed(edge, HIGH);
    return results;
  }

  private static void everyModelJudged(GenAiResults results) {
    results.judged(judged(GenAiResults.edgeLabel(0), allClasses(100, 0.2)));
    results.judged(judged(GenAiResults.edgeLabel(1), allClasses(80, 0.4)));
    results.judged(judged(GenAiResults.label(Strategy.FEDAVG), allClasses(70, 0.3)));
    results.judged(judged(GenAiResults.label(Strategy.CENTRALISED), allClasses(30, 0.8)));
    results.judged(judged(GenAiResults.label(Strategy.FREEZE), allClasses(60, 0.5)));
    results.judged(judged(GenAiResults.deployedLabel(0, HIGH), classes(40, 0.7, 5, 6, 7, 8, 9)));
    results.judged(judged(GenAiResults.deployedLabel(1, HIGH), classes(50, 0.6, 5, 6, 7, 8, 9)));
  }

  private static Map<String, StrategyResult> byStrategy(List<StrategyResult> rows) {
    return rows.stream().collect(Collectors.toMap(StrategyResult::strategy, r -> r));
  }

  /** A judgement whose images of each class are one pixel holding the Fréchet distance, to tell models apart. */
  private static Evaluator.Judged judged(String label, List<ClassQuality> perClass) {
    float[][][] images = perClass.stream().map(q -> new float[][] {{(float) q.frechet()}}).toArray(float[][][]::new);
    return new Evaluator.Judged(label, new QualityJudge.Quality(perClass), images);
  }

  private static List<ClassQuality> withSd(List<ClassQuality> judged, double sd) {
    return judged.stream().map(q -> new ClassQuality(q.cls(), q.frechet(), q.fidelity(), sd)).toList();
  }

  private static List<ClassQuality> allClasses(double frechet, double fidelity) {
    return classes(frechet, fidelity, IntStream.range(0, CLASSES).toArray());
  }

  private static List<ClassQuality> classes(double frechet, double fidelity, int... classes) {
    return IntStream.of(classes).mapToObj(c -> new ClassQuality(c, frechet, fidelity)).toList();
  }
}
