package io.edgeweave.training.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeweave.metrics.StepRecord;
import io.edgeweave.runtime.Runs;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.NodeSpec;
import io.edgeweave.scenario.Scenario;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The virtual time a run reports equals the time computed by hand from FLOPs, bytes and rates. */
class VirtualTimeTest {
  private static final ActorTestKit KIT = ActorTestKit.create(Runs.TEST_CONFIG);
  private static final double EXACT = 1e-9;

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void stepTimeIsComputePlusTransfersByHand(@TempDir Path out) throws Exception {
    Map<String, NodeSpec> nodes = new LinkedHashMap<>();
    nodes.put("device", new NodeSpec("device", NodeRole.EDGE, 1e9, 1L << 30)); // 1e6 FLOP per ms
    nodes.put("cloud", new NodeSpec("cloud", NodeRole.CLOUD, 1e10, 1L << 30)); // 1e7 FLOP per ms
    // 8 Mbit/s = 1000 bytes per ms, 5 ms propagation
    Scenario scenario =
        Runs.scenario(
            "timing",
            nodes,
            List.of(Runs.link("uplink", "device", "cloud", 8e6, 5)),
            List.of("device", "cloud"),
            List.of(1),
            3,
            List.of(),
            out);

    List<StepRecord> steps = Runs.run(KIT, scenario, Runs.data(scenario.seed()), out).steps();

    // Model 20-16-12-4, batch 16. Device holds layer 20×16, the cloud layers 16×12 and 12×4.
    double deviceForward = 2.0 * 16 * 20 * 16 / 1e6; // 10,240 FLOP
    double deviceBackward = (2 * 10_240 + 10 * (20 * 16 + 16)) / 1e6; // backward ×2, update 10/param
    double cloudAll = (7_680 + 2 * 7_680 + 10 * (16 * 12 + 12 + 12 * 4 + 4)) / 1e7;
    double up = (16 * 16 * 4 + 16 * 4 + 64) / 1000.0 + 5; // activations + labels + header, then propagation
    double down = (16 * 16 * 4 + 64) / 1000.0 + 5; // errors + header
    double step = deviceForward + up + cloudAll + down + deviceBackward;

    StepRecord first = steps.get(0);
    assertEquals(12.27664, step, EXACT, "the hand computation itself");
    assertEquals(step, first.stepVirtualMs(), EXACT);
    assertEquals(deviceForward + deviceBackward, first.computeMsByNode().get("device"), EXACT);
    assertEquals(cloudAll, first.computeMsByNode().get("cloud"), EXACT);
    assertEquals(up + down, first.commMsByLink().get("uplink"), EXACT);
    assertEquals(2 * 1024 + 64 + 2 * 64, first.linkBytes());
    assertEquals(3 * step, steps.get(2).virtualTimeMs(), EXACT, "steps follow each other without overlap");
  }
}
