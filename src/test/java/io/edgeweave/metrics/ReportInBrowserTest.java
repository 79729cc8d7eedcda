package io.edgeweave.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.ConfigFactory;
import io.edgeweave.cluster.LocalRun;
import io.edgeweave.data.Datasets;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioLoader;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a real run with link faults and a lost node, opened in headless Chromium: the page loads without
 * errors, its DOM has the charts, the fault markers and the topology, and what it paints is not blank and shows the
 * markers' colours. Skipped where Chromium is not installed (Debian package {@code chromium}).
 */
class ReportInBrowserTest {
  private static final String SCENARIO = """
      name = browser-check
      seed = 11
      nodes {
        device { role = edge, flops = 1 GFLOPS }
        edge { role = edge, flops = 10 GFLOPS }
        cloud { role = cloud, flops = 100 GFLOPS }
      }
      links {
        device-edge { from = device, to = edge, rate = 50 Mbps, propagation = 2 ms }
        edge-cloud { from = edge, to = cloud, rate = 1 Gbps, propagation = 10 ms }
      }
      model { inputs = 20, hidden = [16, 12], classes = 4, learning-rate = 0.01 }
      data { source = synthetic, synthetic { train = 512, test = 100 } }
      workload { path = [device, edge, cloud], cuts = [1, 2], batch-size = 16, steps = 40, eval-every = 10 }
      faults = [
        { link = edge-cloud, kind = partition, at-step = 8, duration = 300 ms }
        { link = device-edge, kind = rate, rate = 5 Mbps, at-step = 30 }
        { node = device, kind = kill-jvm, at-step = 25 }
      ]
      runtime { checkpoint-every = 10, response-timeout = 5 s }
      """;
  private static final Pattern SCRIPT_ERROR = Pattern.compile("Uncaught|SyntaxError|TypeError|ReferenceError");

  @TempDir static Path dir;
  private static Optional<Path> chromium;
  private static Path report;

  @BeforeAll
  static void runTheScenario() throws Exception {
    chromium = chromium();
    if (chromium.isEmpty()) return;
    Scenario scenario = ScenarioLoader.parse(SCENARIO, "browser-check.conf", List.of());
    LocalRun.run(scenario, Datasets.load(scenario.data(), scenario.model(), scenario.seed()), dir.resolve("run"),
        (step, total) -> {}, ConfigFactory.empty());
    report = dir.resolve("run/report.html");
  }

  @Test
  void theDomAfterLoadHasChartsFaultMarkersAndTopologyAndNoScriptError() throws Exception {
    assumeTrue(chromium.isPresent(), "chromium is not installed (apt-get install chromium): browser check skipped");
    Browser dom = browse("--dump-dom", "--enable-logging=stderr", "--v=0", report.toUri().toString());

    assertEquals(0, dom.exit(), dom.err());
    assertFalse(SCRIPT_ERROR.matcher(dom.err()).find(), dom.err());
    String html = dom.out();
    assertTrue(html.contains("<h1>browser-check"), "the page itself, not an error page");
    assertEquals(Files.readString(report).split("<svg", -1).length - 1, html.split("<svg", -1).length - 1,
        "every chart parsed");
    assertEquals(5, html.split("<svg", -1).length - 1, "topology, loss, accuracy, breakdown and per-step charts");
    assertTrue(html.contains("class=\"marker window\""), "the partition and the rate drop as bands");
    assertTrue(html.contains("class=\"marker event\""), "the kill and the resume as lines");
    assertTrue(html.contains("kill-jvm device (step 25)") && html.contains("resumed from the last checkpoint: steps from 20 run again"),
        "the kill and the resume the run went through");
    assertTrue(html.contains("partition edge-cloud") && html.contains("rate 5 Mbps device-edge (from step 30)"));
    assertEquals(3, count(html, "class=\"topology-node"), "three nodes");
    assertEquals(2, count(html, "class=\"topology-link struck\""), "both links are struck by a fault");
    assertTrue(html.contains("partition 0: 20→16"), "what the device ran");
  }

  @Test
  void theScreenshotIsNotBlankAndShowsTheMarkers() throws Exception {
    assumeTrue(chromium.isPresent(), "chromium is not installed (apt-get install chromium): browser check skipped");
    Path png = dir.resolve("report.png");
    Browser shot = browse("--hide-scrollbars", "--window-size=900,2400", "--screenshot=" + png, report.toUri().toString());

    assertEquals(0, shot.exit(), shot.err());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(900, image.getWidth());
    int inked = 0;
    int killRed = 0;
    int resumeGreen = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        if (rgb != 0xffffff) inked++;
        if (near(rgb, 0xe15759)) killRed++;
        if (near(rgb, 0x2e7d32)) resumeGreen++;
      }
    }
    assertTrue(inked > image.getWidth() * image.getHeight() / 50, "the page paints: " + inked + " non-white pixels");
    assertTrue(killRed > 50, "the kill's lines are painted: " + killRed);
    assertTrue(resumeGreen > 50, "the resume's lines are painted: " + resumeGreen);
  }

  private record Browser(int exit, String out, String err) {}

  private static Browser browse(String... arguments) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(dir, "profile");
    List<String> command = new ArrayList<>(List.of(chromium.get().toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile));
    command.addAll(List.of(arguments));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("chromium did not finish in 2 minutes");
    }
    return new Browser(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err));
  }

  private static Optional<Path> chromium() {
    return Stream.of(System.getenv("PATH").split(File.pathSeparator))
        .flatMap(d -> Stream.of("chromium", "chromium-browser").map(name -> Path.of(d, name)))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static boolean near(int rgb, int target) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((rgb >> shift) & 0xff) - ((target >> shift) & 0xff)) > 12) return false;
    }
    return true;
  }

  private static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }
}
