package io.edgeweave.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.edgeweave.data.Datasets;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run in one JVM serves its live figures over HTTP while it goes; the endpoint ends with the run. */
class MetricsEndpointTest {
  private static final String SCENARIO = """
      name = live
      seed = 5
      nodes {
        device { role = edge, flops = 1 GFLOPS }
        cloud { role = cloud, flops = 100 GFLOPS }
      }
      links { air { from = device, to = cloud, rate = 50 Mbps, propagation = 2 ms, loss = 0.1 } }
      model { inputs = 20, hidden = [16], classes = 4, learning-rate = 0.01 }
      data { source = synthetic, synthetic { train = 512, test = 100 } }
      workload { path = [device, cloud], cuts = [1], batch-size = 16, steps = 30, eval-every = 0 }
      runtime { checkpoint-every = 0, report-every = 0 ms }
      """;
  private static final int SCRAPED_AT_STEP = 20;

  @Test
  void aGetWhileTheRunGoesShowsItsStepsLinksTimesAndHeap(@TempDir Path dir) throws Exception {
    Scenario scenario = ScenarioLoader.parse(SCENARIO, "live.conf", List.of());
    int port = LocalProcesses.freePort();
    Config metricsOn = ConfigFactory.parseString(
        "edgeweave.metrics { endpoint = on, host = \"127.0.0.1\", port = " + port + " }\n"
            + "pekko.actor.serialize-messages = on");
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + port + "/metrics");
    AtomicReference<Object> scraped = new AtomicReference<>();

    RunStatus status = LocalRun.run(scenario, Datasets.load(scenario.data(), scenario.model(), scenario.seed()), dir,
        (step, total) -> {
          if (step.step() + 1 != SCRAPED_AT_STEP) return;
          try {
            scraped.set(http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString()));
          } catch (IOException | InterruptedException | RuntimeException e) {
            scraped.set(e);
          }
        },
        metricsOn).summary().status();

    assertEquals(RunStatus.COMPLETED, status);
    assertTrue(scraped.get() instanceof HttpResponse<?>, "the GET during the run failed: " + scraped.get());
    HttpResponse<?> response = (HttpResponse<?>) scraped.get();
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    String body = (String) response.body();
    // the metrics sink counts the steps it has written, on its own (blocking) dispatcher: up to the one just reported
    double steps = value(body, "edgeweave_steps_total{scenario=\"live\"}");
    assertTrue(steps >= 1 && steps <= SCRAPED_AT_STEP, "steps written so far: " + steps);
    assertTrue(value(body, "edgeweave_link_messages_total{link=\"air\"}") >= 2 * SCRAPED_AT_STEP, body);
    assertTrue(value(body, "edgeweave_link_bytes_total{link=\"air\"}") > 0, body);
    assertTrue(value(body, "edgeweave_link_messages_dropped_total{link=\"air\"}") > 0, "10% loss: " + body);
    assertTrue(value(body, "edgeweave_retries_total{scenario=\"live\"}") > 0, body);
    assertTrue(value(body, "edgeweave_virtual_time_seconds{scenario=\"live\"}") > 0, body);
    assertTrue(value(body, "edgeweave_wall_time_seconds{scenario=\"live\"}") > 0, body);
    assertTrue(value(body, "edgeweave_steps_per_second{scenario=\"live\"}") > 0, body);
    assertTrue(body.contains("jvm_memory_used_bytes{area=\"heap\""), "heap in use");
    assertThrows(IOException.class, () -> http.send(HttpRequest.newBuilder(uri).GET().build(),
        HttpResponse.BodyHandlers.ofString()), "the endpoint stops with the run's actor system");
  }

  /** The value of the sample whose name and labels start with {@code series}. */
  private static double value(String body, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(body);
    assertTrue(m.find(), "no " + series + " in\n" + body);
    return Double.parseDouble(m.group(1));
  }
}
