package io.edgeweave.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.scenario.LinkKind;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.NodeSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementTest {
  private static final List<NodeSpec> NODES =
      List.of(edge("device-1"), edge("device-2"), edge("edge-1"), new NodeSpec("cloud", NodeRole.CLOUD, 1e12, 1L << 30));
  private static final List<LinkSpec> LINKS =
      List.of(link("d1-e", "device-1", "edge-1"), link("d2-e", "device-2", "edge-1"), link("e-c", "edge-1", "cloud"));
  private static final Placement.Jvm EDGE_A = new Placement.Jvm("edge-a", Set.of(NodeRole.EDGE));
  private static final Placement.Jvm EDGE_B = new Placement.Jvm("edge-b", Set.of(NodeRole.EDGE));
  private static final Placement.Jvm CLOUD = new Placement.Jvm("cloud-1", Set.of(NodeRole.CLOUD));

  @Test
  void nodesGoToTheLeastLoadedJvmOfTheirRoleAndLinksLiveWithTheirSender() {
    Placement p = Placement.of(NODES, LINKS, Map.of(), List.of(EDGE_B, CLOUD, EDGE_A));

    assertTrue(p.complete());
    assertEquals(Map.of("device-1", "edge-a", "device-2", "edge-b", "edge-1", "edge-a", "cloud", "cloud-1"), p.nodes());
    assertEquals(Map.of("d1-e", "edge-a", "d2-e", "edge-b", "e-c", "edge-a"), p.links());
  }

  @Test
  void theSameJvmsInAnyOrderGiveTheSamePlacement() {
    assertEquals(
        Placement.of(NODES, LINKS, Map.of(), List.of(EDGE_A, EDGE_B, CLOUD)),
        Placement.of(NODES, LINKS, Map.of(), List.of(CLOUD, EDGE_B, EDGE_A)));
  }

  @Test
  void pinnedNodesGoToTheirJvmAndCountTowardsItsLoad() {
    Placement p = Placement.of(NODES, LINKS, Map.of("edge-1", "edge-a"), List.of(EDGE_A, EDGE_B, CLOUD));

    assertEquals("edge-a", p.nodes().get("edge-1"));
    assertEquals("edge-b", p.nodes().get("device-1"), "edge-a already hosts the pinned edge-1");
    assertEquals("edge-a", p.nodes().get("device-2"));
  }

  @Test
  void aMissingRoleOrPinnedJvmLeavesNodesUnplacedAndSaysWhy() {
    Placement noCloud = Placement.of(NODES, LINKS, Map.of(), List.of(EDGE_A));
    assertFalse(noCloud.complete());
    assertEquals(List.of("no JVM with role cloud is up for node cloud"), noCloud.unmet());

    Placement pins = Placement.of(NODES, LINKS, Map.of("cloud", "edge-a", "edge-1", "edge-z"), List.of(EDGE_A, CLOUD));
    assertEquals(
        List.of(
            "node edge-1 is pinned to JVM edge-z, which is not up",
            "node cloud (cloud) is pinned to JVM edge-a, which takes edge nodes"),
        pins.unmet());
  }

  private static NodeSpec edge(String id) {
    return new NodeSpec(id, NodeRole.EDGE, 1e9, 1L << 30);
  }

  private static LinkSpec link(String id, String from, String to) {
    return new LinkSpec(id, LinkKind.DIGITAL, from, to, 1e8, Duration.ofMillis(1), Duration.ZERO, 0, 0, 0);
  }
}
