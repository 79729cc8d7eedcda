package io.edgeweave.plan;

import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.tensor.WireFormat;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Plans and search results as text for people. */
public final class PlanText {
  private PlanText() {}

  /**
   * Which layers run where, by width: {@code device-1 784→64 | edge-1 relay | cloud 64→10}. A node's
   * segment is written from its input width to its output width through every block it runs (a convolution
   * block's width is the values of its pooled feature map).
   */
  public static String placement(ModelSpec model, Placement p) {
    BlockChain chain = BlockChain.of(model, WireFormat.FLOAT32);
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < p.path().size(); i++) {
      StringBuilder s = new StringBuilder(p.path().get(i)).append(' ');
      if (p.to(i) == p.from(i)) {
        s.append("relay");
      } else {
        for (int k = p.from(i); k <= p.to(i); k++) s.append(k == p.from(i) ? "" : "→").append(chain.valuesPerSample(k));
      }
      parts.add(s.toString());
    }
    return String.join(" | ", parts);
  }

  /**
   * The comparison table: one row per way of placing a model, with its accuracy on the validation split (which
   * the search selects on), the confirmation split and the test set.
   */
  public static void rows(List<JointSearch.Row> rows, PrintStream out) {
    out.printf(Locale.ROOT, "%-13s %-20s %12s %10s %8s %7s %12s  %s%n", "plan", "architecture", "latency", "validation", "confirm",
        "test", "objective", "placement");
    for (JointSearch.Row row : rows) {
      JointSearch.Candidate c = row.candidate();
      Accuracy a = c.measured();
      out.printf(Locale.ROOT, "%-13s %-20s %12s %10.4f %8.4f %7.4f %12s  %s%n", row.name(), Architectures.name(c.model()),
          c.plan().map(p -> ms(p.latencyMs())).orElse("-"), a.validation(), a.confirmation(), a.test(),
          c.plan().isPresent() ? ms(c.objective()) : "-",
          c.plan().map(p -> placement(c.model(), p.placement())).orElse("does not fit the nodes' memory"));
    }
  }

  /** The Pareto front, fastest first. */
  public static void front(List<JointSearch.Candidate> front, PrintStream out) {
    for (JointSearch.Candidate c : front) {
      out.printf(Locale.ROOT, "  %-20s %12s %9.4f  %s%n", Architectures.name(c.model()), ms(c.latencyMs()), c.accuracy(),
          placement(c.model(), c.plan().orElseThrow().placement()));
    }
  }

  /** Milliseconds with three decimals, or seconds beyond 10 s. */
  public static String ms(double ms) {
    return ms >= 10_000 ? String.format(Locale.ROOT, "%.3f s", ms / 1000) : String.format(Locale.ROOT, "%.3f ms", ms);
  }
}
