package io.edgeweave.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.scenario.NetworkPlan;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologySvgTest {
  private static final String SCENARIO = """
      name = topo
      nodes {
        device { role = edge }
        near { role = edge }
        far { role = edge }
        cloud { role = cloud }
      }
      links {
        a { from = device, to = near, rate = 100 Mbps }
        b { from = device, to = far }
        c { from = device, to = cloud }
        d { from = near, to = cloud }
      }
      model { inputs = 20, hidden = [16, 12], classes = 4 }
      workload { path = [device, near, cloud], cuts = [1, 2] }
      faults = [{ node = near, kind = kill-jvm, at-step = 3 }, { link = a, kind = loss, probability = 0.5 }]
      """;

  @Test
  void cloudNodesGoRightAndOthersByHopsFromTheFirst() throws Exception {
    Topology topology = Topology.of(ScenarioLoader.parse(SCENARIO, "topo.conf", List.of()), Map.of());

    assertEquals(Map.of("device", 0, "near", 1, "far", 1, "cloud", 2), TopologySvg.columns(topology));
  }

  @Test
  void drawsWhatEachNodeRanAndWhatFaultsStrike() throws Exception {
    Scenario scenario = ScenarioLoader.parse(SCENARIO, "topo.conf", List.of());
    NetworkPlan plan = NetworkPlan.forPath(scenario.model(), List.of(1, 2), scenario.hops(List.of("device", "near", "cloud")));
    Topology topology = Topology.splitTraining(scenario, List.of("device", "near", "cloud"), plan)
        .hostedOn(Map.of("near", "edge-9000"));

    String svg = TopologySvg.render(topology);

    assertTrue(svg.startsWith("<svg") && svg.contains("class=\"topology\""));
    assertEquals(4, svg.split("class=\"topology-node", -1).length - 1);
    assertEquals(1, svg.split("class=\"topology-node struck\"", -1).length - 1, "near is killed");
    assertEquals(1, svg.split("class=\"topology-link struck\"", -1).length - 1, "link a loses messages");
    assertTrue(svg.contains("partition 0: 20→16") && svg.contains("partition 2: 12→4"), svg);
    assertTrue(svg.contains("on JVM edge-9000"));
    assertTrue(svg.contains("a · 100 Mbps"));
    assertFalse(svg.contains("NaN"));
  }
}
