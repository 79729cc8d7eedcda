package io.edgeweave.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.SvgChart.Marker;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioLoader;
import io.edgeweave.serving.ServingReport.DeploymentRecord;
import io.edgeweave.serving.ServingReport.RequestRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A JMSNAS report from a serving record: the crash window and the re-plans on the chart, the placements on nodes. */
class ServingPageTest {
  private static final String SCENARIO = """
      name = serve
      nodes {
        device-1 { role = edge }
        edge-1 { role = edge }
        cloud { role = cloud }
      }
      links {
        device-edge { from = device-1, to = edge-1 }
        edge-cloud { from = edge-1, to = cloud }
        device-cloud { from = device-1, to = cloud }
      }
      workload {
        type = jmsnas
        source = device-1
        search { blocks = [{ widths = [16, 32] }] }
      }
      faults = [{ node = edge-1, kind = crash, at-step = 4, until-step = 7 }]
      """;

  private static ServingReport serving() {
    List<RequestRecord> requests = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      requests.add(new RequestRecord(i, i < 4 ? 0 : i < 7 ? 1 : 2, 1, 50.0 * i, 50.0 * i + 20, 20, 1, 1));
    }
    List<DeploymentRecord> deployments = List.of(
        new DeploymentRecord(0, "start", 0, 0, 0, 0, "device-1 784→16 | edge-1 16→10", 20, 0, 0, null, 1, 1, 1.0, 4, null, 20.0, 20.0),
        new DeploymentRecord(1, "edge-1 crashed", 4, 200, 210, 215, "device-1 784→16 | cloud 16→10", 25, 100, 1, null, 1, 1, 1.0,
            3, 20.0, 25.0, 60.0),
        new DeploymentRecord(2, "edge-1 joined", 7, 350, 350, 355, "device-1 784→16 | edge-1 16→10", 20, 100, 1, null, 1, 1, 1.0,
            3, 25.0, 20.0, 20.0));
    return new ServingReport("mlp-16", "input uint8, activations float32", 1, 1, List.of(0.8), List.of(0.8), 0.85, 10, 10, 0.9, 21, 20, 25,
        10, 9, deployments, requests);
  }

  @Test
  void marksTheCrashWindowAndEachReplan() throws Exception {
    Scenario scenario = ScenarioLoader.parse(SCENARIO, "serve.conf", List.of());

    List<Marker> markers = ServingPage.markers(serving(), scenario);

    assertEquals(List.of(
        new Marker("crash edge-1 (requests 4–6)", "#e15759", 3.5, 6.5),
        Marker.at("re-planned (edge-1 crashed) from request 4", "#6a3d9a", 3.5),
        Marker.at("re-planned (edge-1 joined) from request 7", "#6a3d9a", 6.5)), markers);
  }

  @Test
  void eachNodeShowsWhatEachDeploymentPlacedOnIt() throws Exception {
    assertEquals(Map.of(
            "device-1", List.of("epoch 0: 784→16", "epoch 1: 784→16", "epoch 2: 784→16"),
            "edge-1", List.of("epoch 0: 16→10", "epoch 2: 16→10"),
            "cloud", List.of("epoch 1: 16→10")),
        ServingPage.held(serving().deployments()));

    Scenario scenario = ScenarioLoader.parse(SCENARIO, "serve.conf", List.of());
    RunSummary summary = new RunSummary("serve", 1, RunStatus.COMPLETED, null, 0.85, 0, 0, 0, 500, 900, 1000, 0, 0, 0,
        Map.of(), Map.of(), Instant.EPOCH, 0);
    String html = ServingPage.render(summary, serving(), scenario);
    assertTrue(html.contains("class=\"topology\"") && html.contains("class=\"marker window\""), html);
    assertEquals(3, html.split("<tr><td>", -1).length - 1, "a row per deployment");
    assertFalse(html.contains("NaN"));
  }
}
