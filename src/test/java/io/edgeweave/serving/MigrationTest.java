package io.edgeweave.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeweave.plan.Placement;
import io.edgeweave.plan.Topology;
import io.edgeweave.scenario.LinkKind;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.NodeSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which weights move where, and along which route. */
class MigrationTest {
  private static final ModelSpec MODEL = new ModelSpec("mlp", 20, List.of(16, 12, 8), 4, "relu", "adam", 0.01);

  /** device - edge-1 - cloud, device - edge-2 - cloud; edge-2's links are slow. */
  private static Topology topology() {
    return Topology.of(
        List.of(node("device", NodeRole.EDGE), node("edge-1", NodeRole.EDGE), node("edge-2", NodeRole.EDGE), node("cloud", NodeRole.CLOUD)),
        List.of(link("a", "device", "edge-1", 1e8), link("b", "edge-1", "cloud", 1e9), link("c", "device", "edge-2", 1e6),
            link("d", "edge-2", "cloud", 1e6)));
  }

  private static NodeSpec node(String id, NodeRole role) {
    return new NodeSpec(id, role, 1e9, 1L << 30);
  }

  private static LinkSpec link(String id, String from, String to, double bps) {
    return new LinkSpec(id, LinkKind.DIGITAL, from, to, bps, Duration.ofMillis(1), Duration.ZERO, 0, 0, 0);
  }

  @Test
  void aFirstDeploymentTakesEverythingFromTheCheckpointAlongTheFastestRoute() {
    Placement p = new Placement(List.of("device", "edge-1", "cloud"), List.of(0, 1, 3, 4));
    List<Migration.Transfer> transfers = Migration.plan(MODEL, p, topology(), Map.of(), "cloud");
    assertEquals(3, transfers.size());
    Migration.Transfer toDevice = transfers.get(0);
    assertEquals(List.of("cloud", "edge-1", "device"), toDevice.route());
    assertEquals(0, toDevice.from());
    assertEquals(1, toDevice.to());
    assertEquals((20 * 16 + 16) * 4 + ServingMessage.HEADER_BYTES, toDevice.bytes());
    assertEquals(List.of(1, 3), List.of(transfers.get(1).from(), transfers.get(1).to()), "consecutive blocks travel together");
    assertEquals(List.of("cloud"), transfers.get(2).route(), "the checkpoint is already there");
  }

  @Test
  void liveHoldersSendWhatTheyHoldAndHeldBlocksStay() {
    // edge-1 crashed; the device keeps block 0 and must also run block 1, which only the checkpoint has
    Topology withoutEdge1 = topology().restrictedTo(Set.of("device", "edge-2", "cloud"));
    Placement p = new Placement(List.of("device", "edge-2", "cloud"), List.of(0, 2, 3, 4));
    Map<String, Set<Integer>> held = Map.of("device", Set.of(0), "cloud", Set.of(3));
    List<Migration.Transfer> transfers = Migration.plan(MODEL, p, withoutEdge1, held, "cloud");
    assertEquals(2, transfers.size());
    assertEquals(List.of("cloud", "edge-2", "device"), transfers.get(0).route());
    assertEquals(List.of(1, 2), List.of(transfers.get(0).from(), transfers.get(0).to()));
    assertEquals(true, transfers.get(0).fromCheckpoint());
    assertEquals(List.of(2, 3), List.of(transfers.get(1).from(), transfers.get(1).to()));

    // a holder closer than the checkpoint sends its block itself
    Map<String, Set<Integer>> edgeHolds = Map.of("edge-1", Set.of(1, 2));
    Placement onDevice = new Placement(List.of("device", "edge-1", "cloud"), List.of(0, 2, 2, 4));
    Migration.Transfer fromEdge = Migration.plan(MODEL, onDevice, topology(), edgeHolds, "cloud").get(1);
    assertEquals("edge-1", fromEdge.source());
    assertEquals(false, fromEdge.fromCheckpoint());
    assertEquals(List.of("edge-1", "device"), fromEdge.route());
  }
}
