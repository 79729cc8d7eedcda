package io.edgeweave.genai;

import io.edgeweave.genai.FineTuneStudy.Row;
import io.edgeweave.genai.FineTuneStudy.Spread;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** The fine-tuning study's files: every judgement as CSV, and Markdown tables of means ± sd over seeds. */
public final class FineTuneReport {
  private FineTuneReport() {}

  /** Mean, sample standard deviation (NaN for one value) and count. */
  public record Summary(double mean, double sd, int n) {
    public static Summary of(List<Double> values) {
      List<Double> finite = values.stream().filter(Double::isFinite).toList();
      int n = finite.size();
      double mean = finite.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
      double sd = n < 2 ? Double.NaN : Math.sqrt(finite.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (n - 1));
      return new Summary(mean, sd, n);
    }

    String format(String pattern) {
      if (n == 0) return "–";
      String m = String.format(Locale.ROOT, pattern, mean);
      return n < 2 ? m + " (1)" : m + " ± " + String.format(Locale.ROOT, pattern.replace("+", ""), sd) + " (" + n + ")";
    }
  }

  public static String rowsCsv(List<Row> rows) {
    StringBuilder b = new StringBuilder("seed,variant,tuned,learning_rate,samples,epoch,frechet,frechet_lower,frechet_upper,"
        + "fidelity,held_out_loss,test_loss\n");
    for (Row r : rows) {
      b.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%d,%d,%s,%s,%s,%s,%s,%s%n", r.seed(), r.variant(), r.tuned(),
          num(r.learningRate()), r.samples(), r.epoch(), num(r.frechet()), num(r.lower()), num(r.upper()), num(r.fidelity()),
          num(r.heldOutLoss()), num(r.testLoss())));
    }
    return b.toString();
  }

  public static String spreadCsv(List<Spread> spreads) {
    StringBuilder b = new StringBuilder("seed,model,images_per_class,draw,frechet,frechet_lower,frechet_upper,fidelity\n");
    for (Spread s : spreads) {
      b.append(String.format(Locale.ROOT, "%d,%s,%d,%d,%s,%s,%s,%s%n", s.seed(), s.model(), s.perClass(), s.draw(),
          num(s.frechet()), num(s.lower()), num(s.upper()), num(s.fidelity())));
    }
    return b.toString();
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
  }

  /**
   * The ablation table: per variant, at the scenario's epochs and at its last epoch, each figure as mean ± sd (n)
   * over seeds; ΔFD is the paired difference to {@code reference} at the same epoch, seed by seed.
   */
  public static String table(List<Row> rows, String reference, int scenarioEpochs) {
    StringBuilder b = new StringBuilder();
    b.append("| variant | tuned | lr | images | epochs | Fréchet distance ↓ | ΔFD vs ").append(reference)
        .append(" (paired) | bootstrap 95% CI half-width | class fidelity ↑ | loss, held-out generated | loss, real test |\n");
    b.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (String variant : variants(rows)) {
      List<Row> of = rows.stream().filter(r -> r.variant().equals(variant)).toList();
      int last = of.stream().mapToInt(Row::epoch).max().orElse(0);
      Set<Integer> epochs = new LinkedHashSet<>();
      if (last > 0 && scenarioEpochs < last) epochs.add(scenarioEpochs);
      epochs.add(last);
      for (int epoch : epochs) {
        List<Row> at = of.stream().filter(r -> r.epoch() == epoch).toList();
        if (at.isEmpty()) continue;
        Row first = at.get(0);
        b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %s | %s | %s | %s | %s | %s |%n", variant, first.tuned(),
            Double.isNaN(first.learningRate()) ? "–" : String.format(Locale.ROOT, "%.2g", first.learningRate()),
            first.samples() == 0 ? "–" : String.valueOf(first.samples()), epoch,
            summary(at, Row::frechet).format("%.1f"), paired(rows, variant, reference, epoch).format("%+.1f"),
            summary(at, r -> (r.upper() - r.lower()) / 2).format("%.1f"), summary(at, Row::fidelity).format("%.3f"),
            summary(at, Row::heldOutLoss).format("%.1f"), summary(at, Row::testLoss).format("%.1f")));
      }
    }
    return b.toString();
  }

  /** Mean FD over seeds of each variant after each epoch: the curves that show over-training. */
  public static String epochTable(List<Row> rows) {
    int last = rows.stream().mapToInt(Row::epoch).max().orElse(0);
    StringBuilder b = new StringBuilder("| variant |");
    for (int e = 0; e <= last; e++) b.append(' ').append(e).append(" |");
    b.append("\n| --- |").append(" ---: |".repeat(last + 1)).append('\n');
    Map<Integer, Double> start = new TreeMap<>();
    rows.stream().filter(r -> r.variant().equals(FineTuneStudy.ASSEMBLED)).forEach(r -> start.put((int) r.seed(), r.frechet()));
    for (String variant : variants(rows)) {
      if (variant.equals(FineTuneStudy.ASSEMBLED)) continue;
      b.append("| ").append(variant).append(" |");
      for (int e = 0; e <= last; e++) {
        int epoch = e;
        List<Double> values = epoch == 0 ? List.copyOf(start.values())
            : rows.stream().filter(r -> r.variant().equals(variant) && r.epoch() == epoch).map(Row::frechet).toList();
        OptionalDouble mean = values.stream().mapToDouble(Double::doubleValue).average();
        b.append(mean.isPresent() ? String.format(Locale.ROOT, " %.1f |", mean.getAsDouble()) : " |");
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** How the FD of one model moves with the images judged per class: over draws, and by bootstrap within a draw. */
  public static String spreadTable(List<Spread> spreads) {
    StringBuilder b = new StringBuilder(
        "| model | images per class | draws | Fréchet distance, mean ± sd over draws | bootstrap 95% CI half-width (mean) | fidelity |\n");
    b.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    Map<String, List<Spread>> groups = spreads.stream().collect(Collectors.groupingBy(
        s -> s.model() + "\u0000" + String.format(Locale.ROOT, "%08d", s.perClass()) + "\u0000" + s.seed(), TreeMap::new, Collectors.toList()));
    groups.forEach((key, of) -> {
      Spread first = of.get(0);
      Summary fd = Summary.of(of.stream().map(Spread::frechet).toList());
      b.append(String.format(Locale.ROOT, "| %s (seed %d) | %d | %d | %s | %.1f | %s |%n", first.model(), first.seed(),
          first.perClass(), of.size(), fd.format("%.1f"),
          of.stream().mapToDouble(s -> (s.upper() - s.lower()) / 2).average().orElse(Double.NaN),
          Summary.of(of.stream().map(Spread::fidelity).toList()).format("%.3f")));
    });
    return b.toString();
  }

  private static List<String> variants(List<Row> rows) {
    return new ArrayList<>(rows.stream().map(Row::variant).collect(Collectors.toCollection(LinkedHashSet::new)));
  }

  private static Summary summary(List<Row> rows, ToDoubleFunction<Row> f) {
    return Summary.of(rows.stream().map(r -> f.applyAsDouble(r)).toList());
  }

  /** Seed by seed, the variant's FD minus the reference's at the same epoch. */
  static Summary paired(List<Row> rows, String variant, String reference, int epoch) {
    Map<Long, Double> ref = new TreeMap<>();
    rows.stream().filter(r -> r.variant().equals(reference) && r.epoch() == epoch).forEach(r -> ref.put(r.seed(), r.frechet()));
    List<Double> diffs = rows.stream().filter(r -> r.variant().equals(variant) && r.epoch() == epoch && ref.containsKey(r.seed()))
        .map(r -> r.frechet() - ref.get(r.seed())).toList();
    return Summary.of(diffs);
  }
}
