package io.edgeweave.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  @TempDir
  Path dir;

  @Test
  void writesChartsAndEscapesTheScenarioName() throws IOException {
    Path file = dir.resolve("report.html");
    HtmlReport.write(file, Steps.summary("<script>alert(1)</script>", RunStatus.COMPLETED, null), Steps.run(120), RunDescription.NONE);

    String html = Files.readString(file);

    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertFalse(html.contains("<script"), "no raw script tag");
    assertTrue(html.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt; <span class=\"status completed\">"));
    assertEquals(4, html.split("<svg", -1).length - 1, "loss, accuracy, breakdown bars, per-step bars");
    assertTrue(html.contains("<path") && html.contains("<circle") && html.contains("<rect"));
    assertFalse(html.contains("NaN") || html.contains("Infinity"));
    assertFalse(html.contains("src=") || html.contains("href=") || html.contains("<link"), "self-contained");
  }

  @Test
  void zeroStepsAndNoEvaluationStillRender() throws IOException {
    Path file = dir.resolve("report.html");
    HtmlReport.write(file, Steps.summary("empty", RunStatus.FAILED, "cloud & edge <down>"), List.of(), RunDescription.NONE);

    String html = Files.readString(file);

    assertTrue(html.contains("no steps recorded"));
    assertTrue(html.contains("no evaluation"));
    assertTrue(html.contains("cloud &amp; edge &lt;down&gt;"));
    assertTrue(html.contains("status failed"));
  }

  @Test
  void oneStepRendersFiniteCharts() {
    String html = HtmlReport.render(Steps.summary("one", RunStatus.COMPLETED, null),
        List.of(Steps.step(0, 1.0, OptionalDouble.of(0.5))), RunDescription.NONE);

    assertEquals(4, html.split("<svg", -1).length - 1);
    assertFalse(html.contains("NaN") || html.contains("Infinity"));
  }

  @Test
  void longRunsAreDownsampled() {
    String html = HtmlReport.render(Steps.summary("long", RunStatus.COMPLETED, null), Steps.run(5000), RunDescription.NONE);

    assertTrue(html.contains("averaged to 500 points"));
    assertTrue(html.length() < 400_000, "report stays small: " + html.length());
  }
}
