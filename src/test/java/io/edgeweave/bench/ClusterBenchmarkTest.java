package io.edgeweave.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The node JVMs {@code bench cluster} starts for a scenario, and the settings it refuses. */
class ClusterBenchmarkTest {
  @Test
  void oneCloudJvmWhenTheScenarioHasCloudNodesTheRestEdge() throws Exception {
    Scenario quickstart = ScenarioLoader.load(Path.of("scenarios/quickstart.conf"), List.of());
    assertEquals(List.of(NodeRole.CLOUD, NodeRole.EDGE, NodeRole.EDGE), ClusterBenchmark.roles(quickstart, 3));
    assertEquals(List.of(NodeRole.CLOUD), ClusterBenchmark.roles(quickstart, 1));
  }

  @Test
  void onlyEdgeJvmsForAScenarioOfEdgeNodes() throws Exception {
    Scenario edgeOnly =
        ScenarioLoader.load(
            Path.of("scenarios/quickstart.conf"), List.of("nodes.cloud.role=edge"));
    assertEquals(List.of(NodeRole.EDGE, NodeRole.EDGE), ClusterBenchmark.roles(edgeOnly, 2));
  }

  @Test
  void noRunsOrNoJvmsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ClusterBenchmark.Settings(0, 1, "512m", Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> new ClusterBenchmark.Settings(3, 0, "512m", Optional.empty()));
  }
}
