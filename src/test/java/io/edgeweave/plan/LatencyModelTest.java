package io.edgeweave.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.tensor.Encoding;
import io.edgeweave.tensor.WireFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cost model against a calculation by hand. */
class LatencyModelTest {
  private static final double EXACT = 1e-9;

  // MLP 20-16-12-4: blocks 20×16, 16×12, 12×4.
  private static final ModelSpec MODEL = new ModelSpec("mlp", 20, List.of(16, 12), 4, "relu", "adam", 0.01);

  private static LatencyModel model() {
    Topology t =
        Topology.of(
            List.of(
                RandomInstances.node("device", NodeRole.EDGE, 1e9, 2_000), // 1e6 FLOP per ms
                RandomInstances.node("edge", NodeRole.EDGE, 1e10, 1 << 20),
                RandomInstances.node("cloud", NodeRole.CLOUD, 1e11, 1 << 20)),
            List.of(
                RandomInstances.link("up", "device", "edge", 8e6, 2), // 1000 bytes per ms
                RandomInstances.link("core", "edge", "cloud", 8e7, 10))); // 10,000 bytes per ms
    return new LatencyModel(BlockChain.of(MODEL, WireFormat.FLOAT32), t, 2, 64);
  }

  @Test
  void blocksOfAnMlpCountWhatTheRuntimeCounts() {
    BlockChain chain = BlockChain.of(MODEL, WireFormat.FLOAT32);
    assertEquals(3, chain.size());
    assertEquals(2L * 20 * 16, chain.block(0).forwardFlopsPerSample());
    assertEquals(16 * 12 + 12, chain.block(1).parameters());
    assertEquals(4, chain.block(2).outputsPerSample());
    assertEquals(20 * Float.BYTES, chain.activationBytes(0, 1));
    assertEquals(12 * Float.BYTES, chain.activationBytes(2, 1));
  }

  @Test
  void aRawImageCostsOneBytePerPixelAndInt8ActivationsOneBytePerValuePlusTheirScale() {
    ModelSpec fashion = new ModelSpec("mlp", 28 * 28, List.of(16, 512), 10, "relu", "adam", 0.001);
    BlockChain chain = BlockChain.of(fashion, new WireFormat(Encoding.UINT8, Encoding.INT8));
    assertEquals(784, chain.activationBytes(0, 1), "a 28×28 8-bit image");
    assertEquals(16 * 784, chain.activationBytes(0, 16), "no per-tensor overhead for uint8");
    assertEquals(16 * 16 + Float.BYTES, chain.activationBytes(1, 16), "int8 values and one float32 scale");
    assertEquals(16 * 10 + Float.BYTES, chain.activationBytes(3, 16), "the output is an activation too");
    BlockChain floats = BlockChain.of(fashion, new WireFormat(Encoding.UINT8, Encoding.FLOAT32));
    assertEquals(16 * 16 * Float.BYTES, floats.activationBytes(1, 16));
    LatencyModel model = new LatencyModel(chain, model().topology(), 16, 64);
    assertEquals(16 * 784 + 64, model.messageBytes(0));
  }

  @Test
  void threeWaySplitByHand() {
    // device runs 20×16, the edge relays, the cloud runs 16×12 and 12×4; 2 samples per request.
    LatencyModel.Breakdown b = model().evaluate(new Placement(List.of("device", "edge", "cloud"), List.of(0, 1, 1, 3)));

    double device = 2 * 640 / 1e6;
    double cloud = 2 * (384 + 96) / 1e8;
    double activation = 2 * 16 * 4 + 64; // 192 bytes
    double output = 2 * 4 * 4 + 64; // 96 bytes
    double up = activation / 1000 + 2 + output / 1000 + 2;
    double core = activation / 10_000 + 10 + output / 10_000 + 10;
    assertEquals(device, b.computeMsByNode().get("device"), EXACT);
    assertEquals(0, b.computeMsByNode().get("edge"), EXACT);
    assertEquals(cloud, b.computeMsByNode().get("cloud"), EXACT);
    assertEquals(up, b.transferMsByLink().get("up"), EXACT);
    assertEquals(core, b.transferMsByLink().get("core"), EXACT);
    assertEquals(device + cloud + up + core, b.totalMs(), EXACT);
    assertEquals(24.3180896, b.totalMs(), EXACT, "the hand computation itself");
    assertTrue(b.fits());
  }

  @Test
  void memoryIsCheckedPerNode() {
    // the device has 2,000 bytes: block 0 alone needs (20×16 + 16)·4 = 1,344, blocks 0–1 need 2,160.
    assertTrue(model().evaluate(new Placement(List.of("device", "edge"), List.of(0, 1, 3))).fits());
    assertFalse(model().evaluate(new Placement(List.of("device", "edge"), List.of(0, 2, 3))).fits());
  }

  @Test
  void thePlannerPrefersTheBottleneckOnTheDevice() {
    // Sending 16 floats after block 0 beats sending the 20 inputs; the device cannot hold more than block 0.
    SplitPlanner.Planned best = new SplitPlanner(model()).best("device").orElseThrow();
    assertEquals(new Placement(List.of("device", "edge"), List.of(0, 1, 3)), best.placement());
    assertEquals(model().evaluate(best.placement()).totalMs(), best.latencyMs(), EXACT);
  }

  @Test
  void placementsMustEndOnAComputingNode() {
    assertThrows(IllegalArgumentException.class, () -> new Placement(List.of("device", "edge"), List.of(0, 3, 3)));
    assertThrows(IllegalArgumentException.class, () -> new Placement(List.of("device"), List.of(1, 3)));
    assertEquals("device[0,1) > edge[] > cloud[1,3)", new Placement(List.of("device", "edge", "cloud"), List.of(0, 1, 1, 3)).toString());
  }
}
