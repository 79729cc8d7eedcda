package io.edgeweave.genai.actors;

import io.edgeweave.genai.ImageGrid;
import io.edgeweave.genai.QualityJudge;
import io.edgeweave.genai.RequestStream;
import io.edgeweave.genai.StrategyResult;
import io.edgeweave.genai.TaskCategories;
import io.edgeweave.genai.TierRouter;
import io.edgeweave.scenario.GenAiSpec;
import io.edgeweave.scenario.GenAiSpec.Strategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * What a genai run has measured of its strategies (the judgement of every model, when each strategy was ready,
 * each request served, the traffic of every link) and the rows, request lines and sample grid of its results. No
 * actor: the director feeds it the reports it gets.
 */
final class GenAiResults {
  private final GenAiSpec spec;
  private final int classes;
  private final TaskCategories categories;
  private final long[][] counts;
  private final long pooledBytes;
  private final Map<String, Evaluator.Judged> judged = new HashMap<>();
  private final Map<Strategy, Double> readyMs = new LinkedHashMap<>();
  private final List<int[]> deployedPairs = new ArrayList<>();
  private final Map<Strategy, List<double[]>> served = new LinkedHashMap<>();
  private final List<String[]> requestRows = new ArrayList<>();
  private final List<GenLink.Traffic> traffic = new ArrayList<>();

  /**
   * @param counts per edge and class, the training images it holds
   * @param pooledBytes what the centralised baseline uploads: every edge's raw data
   */
  GenAiResults(GenAiSpec spec, int classes, TaskCategories categories, long[][] counts, long pooledBytes) {
    this.spec = spec;
    this.classes = classes;
    this.categories = categories;
    this.counts = counts;
    this.pooledBytes = pooledBytes;
  }

  static String label(Strategy s) {
    return s.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static String edgeLabel(int edge) {
    return "edge/" + edge;
  }

  static String deployedLabel(int edge, int category) {
    return "deployed/" + edge + "/" + category;
  }

  /** Forgets what a deployment given up had reached, for the next one replays it; judgements stay (one per model). */
  void forgetDeployment() {
    readyMs.clear();
    deployedPairs.clear();
    served.clear();
    requestRows.clear();
    traffic.clear();
  }

  void judged(Evaluator.Judged j) {
    judged.put(j.label(), j);
  }

  int judgements() {
    return judged.size();
  }

  /** A strategy's model is ready at {@code ms} (virtual); one made of several models is ready with its last. */
  void ready(Strategy s, double ms) {
    readyMs.merge(s, ms, Math::max);
  }

  boolean isReady(Strategy s) {
    return readyMs.containsKey(s);
  }

  /** An edge holds a personalised task model of a category. */
  void deployed(int edge, int category) {
    deployedPairs.add(new int[] {edge, category});
    deployedPairs.sort(Comparator.<int[]>comparingInt(pair -> pair[0]).thenComparingInt(pair -> pair[1])); // arrival order varies
  }

  /** A request of a strategy's stream was served. */
  void served(Strategy s, RequestStream.Request r, double latencyMs, TierRouter.Tier tier, boolean deadlineMet,
      boolean floorMet) {
    served.computeIfAbsent(s, k -> new ArrayList<>())
        .add(new double[] {latencyMs, tier == TierRouter.Tier.EDGE ? 1 : 0, deadlineMet ? 1 : 0, floorMet ? 1 : 0});
    requestRows.add(new String[] {label(s), String.valueOf(r.id()), spec.edges().get(r.edge()), String.valueOf(r.cls()),
        fmt(r.arrivalMs()), fmt(latencyMs), tier.name().toLowerCase(Locale.ROOT), String.valueOf(deadlineMet),
        String.valueOf(floorMet)});
  }

  /** A link's traffic at the end; true once every one of {@code links} has reported. */
  boolean traffic(GenLink.Traffic t, int links) {
    traffic.add(t);
    return traffic.size() >= links;
  }

  /** Per class, the fidelity of the models an edge serves from itself under a strategy; null if it serves none. */
  double[] edgeFidelity(Strategy s, int edge) {
    double[] f = new double[classes];
    switch (s) {
      case EDGE_ONLY -> fill(f, judged.get(edgeLabel(edge)));
      case FEDAVG -> fill(f, judged.get(label(Strategy.FEDAVG)));
      case DEPLOYED -> deployedPairs.stream().filter(p -> p[0] == edge).forEach(p -> fill(f, judged.get(deployedLabel(p[0], p[1]))));
      default -> { return null; }
    }
    return f;
  }

  /** Per class, the fidelity of the cloud's model {@code cloudModel}; null if the strategy has no cloud model. */
  double[] cloudFidelity(Strategy s, Strategy cloudModel) {
    if (s == Strategy.EDGE_ONLY) return null;
    double[] f = new double[classes];
    fill(f, judged.get(label(cloudModel)));
    return f;
  }

  private static void fill(double[] fidelity, Evaluator.Judged j) {
    for (QualityJudge.ClassQuality q : j.quality().perClass()) fidelity[q.cls()] = q.fidelity();
  }

  List<String[]> requestRows() {
    return List.copyOf(requestRows);
  }

  int servedCount() {
    return served.values().stream().mapToInt(List::size).sum();
  }

  long linkBytes() {
    return traffic.stream().mapToLong(t -> t.upBytes().values().stream().mapToLong(Long::longValue).sum()
        + t.downBytes().values().stream().mapToLong(Long::longValue).sum()).sum();
  }

  long retransmissions() {
    return traffic.stream().mapToLong(GenLink.Traffic::retransmissions).sum();
  }

  /** One row per strategy, in the scenario's order. */
  List<StrategyResult> rows() {
    List<StrategyResult> rows = new ArrayList<>();
    for (Strategy s : spec.strategies()) {
      List<QualityJudge.ClassQuality> perClass = perClassQuality(s);
      long up = switch (s) {
        case EDGE_ONLY -> 0;
        case FEDAVG -> trafficOf(Transfer.FEDAVG, true);
        case CENTRALISED -> pooledBytes;
        default -> trafficOf(Transfer.UPLOAD, true);
      };
      long down = switch (s) {
        case FEDAVG -> trafficOf(Transfer.FEDAVG, false);
        case DEPLOYED -> trafficOf(Transfer.DEPLOY, false);
        default -> 0;
      };
      String serve = "serve/" + s.name();
      List<double[]> requestsServed = served.getOrDefault(s, List.of());
      double[] latencies = requestsServed.stream().mapToDouble(r -> r[0]).sorted().toArray();
      QualityJudge.Quality q = new QualityJudge.Quality(perClass);
      rows.add(new StrategyResult(label(s), q.meanFrechet(), q.meanFrechetHalfWidth(), q.meanFidelity(), up, down,
          trafficOf(serve, true) + trafficOf(serve, false), readyMs.getOrDefault(s, 0.0),
          Arrays.stream(latencies).average().orElse(Double.NaN),
          latencies.length == 0 ? Double.NaN : latencies[(int) Math.ceil(0.95 * latencies.length) - 1],
          mean(requestsServed, 1), mean(requestsServed, 2), mean(requestsServed, 3), perClass));
    }
    return rows;
  }

  private long trafficOf(String purpose, boolean up) {
    long n = 0;
    for (GenLink.Traffic t : traffic) n += (up ? t.upBytes() : t.downBytes()).getOrDefault(purpose, 0L);
    return n;
  }

  private static double mean(List<double[]> rows, int column) {
    return rows.stream().mapToDouble(r -> r[column]).average().orElse(Double.NaN);
  }

  /** Per class: the strategy's model, or for edge-only and deployed the mean over the edges' models of that class. */
  private List<QualityJudge.ClassQuality> perClassQuality(Strategy s) {
    List<Evaluator.Judged> sources = switch (s) {
      case EDGE_ONLY -> IntStream.range(0, counts.length).mapToObj(e -> judged.get(edgeLabel(e))).toList();
      case DEPLOYED -> deployedPairs.stream().map(p -> judged.get(deployedLabel(p[0], p[1]))).toList();
      default -> List.of(judged.get(label(s)));
    };
    List<QualityJudge.ClassQuality> perClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      int cls = c;
      List<QualityJudge.ClassQuality> of = sources.stream().flatMap(j -> j.quality().perClass().stream())
          .filter(q -> q.cls() == cls).toList();
      if (of.isEmpty()) continue;
      double sd = Math.sqrt(of.stream().mapToDouble(q -> q.frechetSd() * q.frechetSd()).sum()) / of.size();
      perClass.add(new QualityJudge.ClassQuality(cls, of.stream().mapToDouble(QualityJudge.ClassQuality::frechet).average().orElseThrow(),
          of.stream().mapToDouble(QualityJudge.ClassQuality::fidelity).average().orElseThrow(), sd));
    }
    return perClass;
  }

  /** One band per strategy; for edge-only and deployed, each class from the edge holding most of it. */
  List<ImageGrid.Band> grid() {
    List<ImageGrid.Band> bands = new ArrayList<>();
    for (Strategy s : spec.strategies()) {
      float[][][] cells = new float[classes][][];
      for (int c = 0; c < classes; c++) {
        cells[c] = new float[0][];
        Evaluator.Judged j = switch (s) {
          case EDGE_ONLY -> judged.get(edgeLabel(richest(c, IntStream.range(0, counts.length).boxed().toList())));
          case DEPLOYED -> {
            int cls = c;
            List<Integer> holders = deployedPairs.stream()
                .filter(p -> categories.get(p[1]).classes().contains(cls)).map(p -> p[0]).toList();
            yield holders.isEmpty() ? null : judged.get(deployedLabel(richest(c, holders), categories.categoryOf(c)));
          }
          default -> judged.get(label(s));
        };
        if (j == null) continue;
        for (int k = 0; k < j.quality().perClass().size(); k++) {
          if (j.quality().perClass().get(k).cls() == c) cells[c] = j.images()[k];
        }
      }
      bands.add(new ImageGrid.Band(label(s), cells));
    }
    return bands;
  }

  private int richest(int cls, List<Integer> among) {
    return among.stream().max((a, b) -> Long.compare(counts[a][cls], counts[b][cls]) != 0
        ? Long.compare(counts[a][cls], counts[b][cls]) : Integer.compare(b, a)).orElseThrow();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
