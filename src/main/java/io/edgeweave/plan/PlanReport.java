package io.edgeweave.plan;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.edgeweave.metrics.AtomicFiles;
import io.edgeweave.metrics.SvgChart;
import io.edgeweave.metrics.SvgChart.Mark;
import io.edgeweave.metrics.SvgChart.Point;
import io.edgeweave.metrics.SvgChart.Series;
import io.edgeweave.tensor.WireFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A search result as files: {@code plan.json} (every candidate, the front, the comparison) and {@code plan.svg}. */
public final class PlanReport {
  private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final List<String> COLORS = List.of("#e15759", "#f28e2b", "#76b7b2", "#b07aa1", "#9c755f", "#4e79a7");

  private PlanReport() {}

  /**
   * One architecture placed one way; latency and objective are null when it fits nowhere. The search selected
   * on the validation accuracy only.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Entry(String name, String architecture, Double latencyMs, double validationAccuracy, double confirmationAccuracy,
      double testAccuracy, Double objective, String placement) {
    static Entry of(String name, JointSearch.Candidate c) {
      return new Entry(name, Architectures.name(c.model()), c.plan().map(SplitPlanner.Planned::latencyMs).orElse(null),
          c.measured().validation(), c.measured().confirmation(), c.measured().test(), c.plan().isPresent() ? c.objective() : null,
          c.plan().map(p -> PlanText.placement(c.model(), p.placement())).orElse(null));
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Document(String scenario, double targetAccuracy, double lambdaMsPerPoint, String wire, List<Entry> plans,
      List<Entry> paretoFront, List<Entry> candidates) {}

  public static Document document(String scenario, JointSearch.Objective objective, WireFormat wire, JointSearch.Result result) {
    return new Document(scenario, objective.targetAccuracy(), objective.lambdaMsPerPoint(), wire.toString(),
        result.rows().stream().map(r -> Entry.of(r.name(), r.candidate())).toList(),
        result.paretoFront().stream().map(c -> Entry.of("front", c)).toList(),
        result.candidates().stream().map(c -> Entry.of("candidate", c)).toList());
  }

  /** Writes {@code plan.json} and {@code plan.svg} (latency against accuracy) into {@code directory}. */
  public static void write(Path directory, Document document) throws IOException {
    AtomicFiles.write(directory.resolve("plan.json"), (JSON.writeValueAsString(document) + "\n").getBytes(UTF_8));
    AtomicFiles.write(directory.resolve("plan.svg"), chart(document).getBytes(UTF_8));
  }

  static String chart(Document d) {
    List<Series> series = new ArrayList<>();
    series.add(new Series("candidates", "#bab0ac", Mark.DOTS, points(d.candidates())));
    series.add(new Series("Pareto front", "#59a14f", Mark.LINE, points(d.paretoFront())));
    for (int i = 0; i < d.plans().size(); i++) {
      Entry e = d.plans().get(i);
      series.add(new Series(e.name(), COLORS.get(i % COLORS.size()), Mark.DOTS, points(List.of(e))));
    }
    return SvgChart.render(d.scenario() + " (" + d.wire() + "): latency against accuracy",
        "predicted latency per request, log10 of ms (1 = 10 ms, 2 = 100 ms)", "validation accuracy", series, 1000, 360);
  }

  /** Latency on a log scale: plans differ by orders of magnitude. */
  private static List<Point> points(List<Entry> entries) {
    return entries.stream().filter(e -> e.latencyMs() != null).map(e -> new Point(Math.log10(e.latencyMs()), e.validationAccuracy())).toList();
  }
}
