package io.edgeweave.serving;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.edgeweave.metrics.AtomicFiles;
import io.edgeweave.metrics.SvgChart;
import io.edgeweave.metrics.SvgChart.Mark;
import io.edgeweave.metrics.SvgChart.Marker;
import io.edgeweave.metrics.SvgChart.Options;
import io.edgeweave.metrics.SvgChart.Point;
import io.edgeweave.metrics.SvgChart.Series;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A serving run's own files: {@code serving.json}, {@code requests.csv} and {@code latency.svg}. */
public final class ServingFiles {
  private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final int MAX_POINTS = 1000;

  private ServingFiles() {}

  /** @param markers faults and re-plans to mark on the latency chart */
  public static void write(Path directory, ServingReport report, List<Marker> markers) throws IOException {
    AtomicFiles.write(directory.resolve("serving.json"), (JSON.writeValueAsString(report) + "\n").getBytes(UTF_8));
    CsvMapper csv = new CsvMapper();
    CsvSchema schema = csv.schemaFor(ServingReport.RequestRecord.class).withHeader();
    AtomicFiles.write(directory.resolve("requests.csv"), csv.writer(schema).writeValueAsBytes(report.requestRecords()));
    AtomicFiles.write(directory.resolve("latency.svg"), latencyChart(report, new Options(false, markers)).getBytes(UTF_8));
  }

  /** Measured latency of each request and the model's prediction for the deployment that served it. */
  static String latencyChart(ServingReport report, Options options) {
    List<Point> measured = new ArrayList<>();
    List<Point> predicted = new ArrayList<>();
    for (ServingReport.RequestRecord r : report.requestRecords()) {
      measured.add(new Point(r.request(), r.latencyMs()));
      report.deployments().stream().filter(d -> d.epoch() == r.epoch()).findFirst()
          .ifPresent(d -> predicted.add(new Point(r.request(), d.predictedMs())));
    }
    return SvgChart.render("latency per request", "request", "latency (ms, virtual)",
        List.of(new Series("measured", "#4e79a7", Mark.DOTS, SvgChart.downsample(measured, MAX_POINTS)),
            new Series("predicted by the cost model", "#e15759", Mark.LINE, SvgChart.downsample(predicted, MAX_POINTS))),
        options, 820, 320);
  }
}
