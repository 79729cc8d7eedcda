package io.edgeweave.genai;

import java.util.List;

/**
 * One row of the genai comparison.
 *
 * @param frechet mean over the judged classes of the per-class Fréchet distance (lower is better)
 * @param frechetHalfWidth half the 95% interval of {@code frechet} over the draw of the judged images (bootstrap;
 *     NaN if not measured)
 * @param fidelity mean over the judged classes of the class fidelity (higher is better)
 * @param upBytes edge → cloud bytes to build the strategy's models
 * @param downBytes cloud → edge bytes to build and place them
 * @param serveBytes bytes of serving the request stream, both directions
 * @param readyMs virtual time from the run's start until the strategy's models are ready, counting the stages it
 *     needs (its training, uploads, deployment) and no other strategy's, as if it ran alone
 * @param latencyMeanMs mean request latency (arrival to images at the edge), virtual
 * @param latencyP95Ms 95th percentile of the request latency
 * @param edgeShare fraction of requests served at the edge
 * @param deadlineMet fraction of requests finished by their deadline
 * @param floorMet fraction of requests served by a model whose judged fidelity meets the request's floor (the
 *     referee's fidelity, which also routed the request)
 */
public record StrategyResult(
    String strategy,
    double frechet,
    double frechetHalfWidth,
    double fidelity,
    long upBytes,
    long downBytes,
    long serveBytes,
    double readyMs,
    double latencyMeanMs,
    double latencyP95Ms,
    double edgeShare,
    double deadlineMet,
    double floorMet,
    List<QualityJudge.ClassQuality> perClass) {

  public StrategyResult {
    perClass = List.copyOf(perClass);
  }

  /** The results as a Markdown table; a row judged on fewer classes than the others says so. */
  public static String table(List<StrategyResult> rows) {
    StringBuilder b = new StringBuilder();
    b.append("| strategy | Fréchet distance ↓ | class fidelity ↑ | edge→cloud | cloud→edge | serving traffic | time to ready (virtual)"
        + " | latency mean | latency p95 | served at edge | deadline met | quality floor met |\n");
    b.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    int classes = rows.stream().mapToInt(r -> r.perClass().size()).max().orElse(0);
    for (StrategyResult r : rows) {
      String name = r.perClass().size() < classes ? r.strategy() + " (" + r.perClass().size() + " classes judged)" : r.strategy();
      b.append(String.format(java.util.Locale.ROOT,
          "| %s | %s | %.3f | %s | %s | %s | %.3f s | %.1f ms | %.1f ms | %.0f%% | %.0f%% | %.0f%% |%n",
          name, frechet(r), r.fidelity(), bytes(r.upBytes()), bytes(r.downBytes()), bytes(r.serveBytes()),
          r.readyMs() / 1000, r.latencyMeanMs(), r.latencyP95Ms(), 100 * r.edgeShare(), 100 * r.deadlineMet(),
          100 * r.floorMet()));
    }
    return b.toString();
  }

  private static String frechet(StrategyResult r) {
    return Double.isFinite(r.frechetHalfWidth())
        ? String.format(java.util.Locale.ROOT, "%.2f ± %.2f", r.frechet(), r.frechetHalfWidth())
        : String.format(java.util.Locale.ROOT, "%.2f", r.frechet());
  }

  static String bytes(long n) {
    if (n == 0) return "0";
    if (n < 1_000_000) return String.format(java.util.Locale.ROOT, "%.1f kB", n / 1e3);
    return String.format(java.util.Locale.ROOT, "%.1f MB", n / 1e6);
  }
}
