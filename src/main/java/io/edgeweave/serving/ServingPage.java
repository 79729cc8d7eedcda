package io.edgeweave.serving;

import io.edgeweave.metrics.AtomicFiles;
import io.edgeweave.metrics.FaultMarks;
import io.edgeweave.metrics.HtmlReport;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.SvgChart.Marker;
import io.edgeweave.metrics.SvgChart.Options;
import io.edgeweave.metrics.Topology;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.serving.ServingReport.DeploymentRecord;
import io.edgeweave.serving.ServingReport.RequestRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A JMSNAS run's {@code report.html}: key figures, the topology with the partitions each deployment placed on each
 * node, the faults and re-plans, latency per request marked where they happened, and every deployment.
 */
public final class ServingPage {
  private ServingPage() {}

  public static void write(Path file, RunSummary summary, ServingReport serving, Scenario scenario) throws IOException {
    AtomicFiles.write(file, render(summary, serving, scenario).getBytes(StandardCharsets.UTF_8));
  }

  static String render(RunSummary summary, ServingReport serving, Scenario scenario) {
    StringBuilder html = HtmlReport.head(summary);
    keyFigures(html, summary, serving);
    HtmlReport.topology(html, Topology.of(scenario, held(serving.deployments())));
    List<Marker> markers = markers(serving, scenario);
    HtmlReport.events(html, markers, scenario.faults().isEmpty());
    html.append("<h2>Latency per request</h2>\n")
        .append(ServingFiles.latencyChart(serving, new Options(false, markers)))
        .append("<p class=\"note\">Measured from a request's arrival to its answer at the source, in virtual time;")
        .append(" the line is the cost model's prediction for the deployment that served it.</p>\n");
    deployments(html, serving.deployments());
    return html.append("</body>\n</html>\n").toString();
  }

  /** The faults that struck while requests were served, and each re-plan, by request. */
  public static List<Marker> markers(ServingReport serving, Scenario scenario) {
    List<RequestRecord> requests = serving.requestRecords().stream()
        .sorted(Comparator.comparingInt(RequestRecord::request)).toList();
    List<Double> arrivals = new ArrayList<>();
    double endMs = 0;
    for (RequestRecord r : requests) {
      while (arrivals.size() <= r.request()) arrivals.add(r.arrivalMs());
      endMs = Math.max(endMs, r.answeredMs());
    }
    FaultMarks marks = new FaultMarks("request", arrivals, endMs);
    List<Marker> markers = new ArrayList<>(marks.faults(scenario.faults()));
    serving.deployments().stream().filter(d -> d.epoch() > 0).forEach(d -> markers.add(marks.replan(d.request(), d.trigger())));
    markers.sort(Comparator.comparingDouble(Marker::from));
    return markers;
  }

  /** Node → what each deployment placed on it, from placements such as {@code device-1 784→16 | edge-1 16→10}. */
  static Map<String, List<String>> held(List<DeploymentRecord> deployments) {
    Map<String, List<String>> held = new LinkedHashMap<>();
    for (DeploymentRecord d : deployments) {
      if (d.placement() == null) continue;
      for (String part : d.placement().split(" \\| ")) {
        int space = part.indexOf(' ');
        if (space < 0) continue;
        held.computeIfAbsent(part.substring(0, space), k -> new ArrayList<>())
            .add("epoch " + d.epoch() + ": " + part.substring(space + 1));
      }
    }
    return held;
  }

  private static void keyFigures(StringBuilder html, RunSummary s, ServingReport r) {
    html.append("<h2>Key figures</h2>\n<table>\n");
    HtmlReport.row(html, "Scenario", s.scenario());
    HtmlReport.row(html, "Seed", Long.toString(s.seed()));
    HtmlReport.row(html, "Started at", s.startedAt().toString());
    HtmlReport.row(html, "Architecture", r.architecture() == null ? "none: the run ended before it chose one" : r.architecture());
    HtmlReport.row(html, "Test accuracy", String.format(Locale.ROOT, "%.4f", r.testAccuracy()));
    HtmlReport.row(html, "Requests served", r.served() + " of " + r.requests());
    HtmlReport.row(html, "Served accuracy", String.format(Locale.ROOT, "%.4f", r.servedAccuracy()));
    HtmlReport.row(html, "Latency mean / p50 / p95", String.format(Locale.ROOT, "%.3f / %.3f / %.3f ms",
        r.meanLatencyMs(), r.p50LatencyMs(), r.p95LatencyMs()));
    HtmlReport.row(html, "Deployments", Integer.toString(r.deployments().size()));
    HtmlReport.row(html, "Virtual time", HtmlReport.milliseconds(s.virtualTimeMs()));
    HtmlReport.row(html, "Wall time", HtmlReport.milliseconds(s.wallTimeMs()));
    HtmlReport.row(html, "Link bytes", Long.toString(s.linkBytes()));
    HtmlReport.row(html, "Messages dropped / retries", s.messagesDropped() + " / " + s.retries());
    html.append("</table>\n");
  }

  private static void deployments(StringBuilder html, List<DeploymentRecord> deployments) {
    html.append("<h2>Deployments</h2>\n<table>\n<tr><th>epoch</th><th>why</th><th>from request</th><th>placement</th>")
        .append("<th>predicted</th><th>latency before → after</th><th>bytes moved</th></tr>\n");
    for (DeploymentRecord d : deployments) {
      html.append("<tr>");
      cell(html, Integer.toString(d.epoch()));
      cell(html, d.trigger());
      cell(html, Integer.toString(d.request()));
      cell(html, d.placement() == null ? "-" : d.placement());
      cell(html, String.format(Locale.ROOT, "%.3f ms", d.predictedMs()));
      cell(html, ms(d.latencyBeforeMs()) + " → " + ms(d.latencyAfterMs()));
      cell(html, Long.toString(d.bytesMoved()));
      html.append("</tr>\n");
    }
    html.append("</table>\n");
  }

  private static void cell(StringBuilder html, String text) {
    html.append("<td>").append(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")).append("</td>");
  }

  private static String ms(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.3f ms", value);
  }
}
