package io.edgeweave.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.plan.Topology;
import io.edgeweave.scenario.LinkKind;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.NodeSpec;
import io.edgeweave.tensor.WireFormat;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The orchestrator's bookkeeping: plans on what it knows, deployments in force once installed. */
class OrchestrationTest {
  private static final ModelSpec MODEL = new ModelSpec("mlp", 784, List.of(64), 10, "relu", "adam", 0.001);

  private static Topology topology() {
    return Topology.of(
        List.of(new NodeSpec("device", NodeRole.EDGE, 1e8, 64L << 10), new NodeSpec("edge", NodeRole.EDGE, 1e10, 1L << 30),
            new NodeSpec("cloud", NodeRole.CLOUD, 1e12, 1L << 30)),
        List.of(link("radio", "device", "edge", 1e8), link("fibre", "edge", "cloud", 1e9), link("lte", "device", "cloud", 1e7)));
  }

  private static LinkSpec link(String id, String from, String to, double bps) {
    return new LinkSpec(id, LinkKind.DIGITAL, from, to, bps, Duration.ofMillis(5), Duration.ZERO, 0, 0, 0);
  }

  @Test
  void aDeploymentIsInForceOnceEveryPathNodeIsInstalled() {
    Orchestration o = new Orchestration(MODEL, WireFormat.FLOAT32, topology(), "device", 8, Set.of("device", "edge", "cloud"));
    Orchestration.Deployment d = o.plan(0).orElseThrow();
    assertEquals(List.of("device", "edge"), d.placement().path());
    assertEquals(d.placement().path(), d.roles().stream().map(Role::node).toList());
    assertTrue(d.transfers().stream().allMatch(Migration.Transfer::fromCheckpoint), "nothing is deployed yet");
    assertTrue(o.installed("device", d.epoch(), 3).isEmpty());
    assertTrue(o.installed("edge", d.epoch() + 1, 3).isEmpty(), "another epoch");
    assertTrue(o.installed("edge", d.epoch(), 7).isPresent());
    assertEquals(7, o.readyMs());
    assertEquals(List.of("cloud"), o.idle());
  }

  @Test
  void aDownNodeIsPlannedAroundAndARateChangeIsNoticedOnce() {
    Orchestration o = new Orchestration(MODEL, WireFormat.FLOAT32, topology(), "device", 8, Set.of("device", "edge", "cloud"));
    Orchestration.Deployment first = o.plan(0).orElseThrow();
    first.placement().path().forEach(n -> o.installed(n, first.epoch(), 1));
    assertTrue(o.down("edge"));
    assertFalse(o.down("edge"));
    Orchestration.Deployment second = o.plan(500).orElseThrow();
    assertEquals(List.of("device", "cloud"), second.placement().path(), "over LTE");
    assertEquals(500, second.startMs());
    assertFalse(o.probed("lte", 1e7, false), "the configured rate");
    assertTrue(o.probed("lte", 1e5, false));
    assertFalse(o.probed("lte", 1e5, false));
    assertTrue(o.probed("lte", 1e5, true), "cut");
    assertFalse(o.topology().links().containsKey("lte"));
    assertTrue(o.plan(600).isEmpty(), "the device cannot hold the model and reaches nobody");
  }
}
