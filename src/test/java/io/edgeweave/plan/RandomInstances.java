package io.edgeweave.plan;

import io.edgeweave.scenario.LinkKind;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.NodeSpec;
import java.time.Duration;
import io.edgeweave.tensor.Encoding;
import io.edgeweave.tensor.WireFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small random planning problems: a graph of nodes and links, a chain of blocks, a request size. */
final class RandomInstances {
  private RandomInstances() {}

  static NodeSpec node(String id, NodeRole role, double flops, long memory) {
    return new NodeSpec(id, role, flops, memory);
  }

  static LinkSpec link(String id, String from, String to, double bps, double propagationMs) {
    return new LinkSpec(id, LinkKind.DIGITAL, from, to, bps, Duration.ofNanos(Math.round(propagationMs * 1e6)),
        Duration.ZERO, 0, 0, 0);
  }

  /** Up to {@code maxNodes} nodes; node n0 holds the input. Links are random, so some nodes may be unreachable. */
  static LatencyModel model(SplittableRandom random, int maxNodes, int maxBlocks) {
    int nodeCount = 1 + random.nextInt(maxNodes);
    List<NodeSpec> nodes = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      NodeRole role = i > 0 && random.nextBoolean() ? NodeRole.CLOUD : NodeRole.EDGE;
      nodes.add(node("n" + i, role, logUniform(random, 1e8, 1e12), random.nextLong(400, 4_000)));
    }
    List<LinkSpec> links = new ArrayList<>();
    for (int a = 0; a < nodeCount; a++) {
      for (int b = a + 1; b < nodeCount; b++) {
        if (random.nextDouble() < 0.6) {
          links.add(link("l" + a + "-" + b, "n" + a, "n" + b, logUniform(random, 1e4, 1e9), random.nextDouble() * 20));
        }
      }
    }
    int blockCount = 1 + random.nextInt(maxBlocks);
    List<Block> blocks = new ArrayList<>();
    for (int k = 0; k < blockCount; k++) {
      blocks.add(new Block("b" + k, random.nextLong(1, 5_000_000), random.nextLong(1, 400), random.nextLong(1, 4_000)));
    }
    Encoding[] encodings = Encoding.values();
    WireFormat wire = new WireFormat(encodings[random.nextInt(encodings.length)], encodings[random.nextInt(encodings.length)]);
    BlockChain chain = new BlockChain(random.nextLong(1, 4_000), blocks, wire);
    return new LatencyModel(chain, Topology.of(nodes, links), 1 + random.nextInt(4), random.nextInt(100));
  }

  static double logUniform(SplittableRandom random, double low, double high) {
    return Math.exp(Math.log(low) + random.nextDouble() * (Math.log(high) - Math.log(low)));
  }
}
