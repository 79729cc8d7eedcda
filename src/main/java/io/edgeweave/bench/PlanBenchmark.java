package io.edgeweave.bench;

import io.edgeweave.plan.Block;
import io.edgeweave.plan.BlockChain;
import io.edgeweave.plan.LatencyModel;
import io.edgeweave.plan.SplitPlanner;
import io.edgeweave.plan.Topology;
import io.edgeweave.scenario.LinkKind;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.NodeSpec;
import io.edgeweave.tensor.Encoding;
import io.edgeweave.tensor.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The optimal multi-split on a large instance: {@code blocks} blocks along a path of {@code nodes} nodes
 * of growing speed (a device first, a cloud last) with random costs from a fixed seed, and the same nodes
 * as a tiered graph: the device, access edge servers, metro edge servers and clouds, each node linked to
 * two of the tier below, so that the planner walks many simple paths (up and down the tiers). Times are
 * the median and the fastest of {@code rounds} plans, after warm-up.
 */
public final class PlanBenchmark {
  private PlanBenchmark() {}

  public record Settings(int blocks, int nodes, int rounds, long seed) {
    public Settings {
      if (blocks < 1 || nodes < 2 || rounds < 1) {
        throw new IllegalArgumentException("--blocks and --rounds must be positive and --nodes at least 2");
      }
    }
  }

  /** Wall times in milliseconds and the plan found. */
  public record Timing(double medianMs, double fastestMs, SplitPlanner.Planned plan) {}

  public record Result(Timing path, Timing graph, int graphLinks) {}

  public static Result run(Settings s) {
    SplittableRandom random = new SplittableRandom(s.seed());
    BlockChain chain = chain(random, s.blocks());
    List<NodeSpec> nodes = nodes(s.nodes(), random);
    List<LinkSpec> chainLinks = new ArrayList<>();
    for (int i = 1; i < s.nodes(); i++) chainLinks.add(link(i - 1, i, random));
    List<LinkSpec> meshLinks = tiered(s.nodes(), random);
    List<String> path = nodes.stream().map(NodeSpec::id).toList();
    SplitPlanner onChain = new SplitPlanner(new LatencyModel(chain, Topology.of(nodes, chainLinks), 1, 64));
    SplitPlanner onMesh = new SplitPlanner(new LatencyModel(chain, Topology.of(nodes, meshLinks), 1, 64));
    Timing pathTiming = time(s.rounds(), () -> onChain.bestOnPath(path, n -> true).orElseThrow());
    Timing graphTiming = time(s.rounds(), () -> onMesh.best(path.get(0)).orElseThrow());
    return new Result(pathTiming, graphTiming, meshLinks.size());
  }

  private static Timing time(int rounds, java.util.function.Supplier<SplitPlanner.Planned> plan) {
    SplitPlanner.Planned result = null;
    for (int i = 0; i < Math.max(20, rounds / 5); i++) result = plan.get(); // warm-up (JIT)
    double[] ms = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      result = plan.get();
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    return new Timing(ms[rounds / 2], ms[0], result);
  }

  /** Blocks of 0.1–50 MFLOP, up to 1 MiB of parameters, 1–64 KiB activations (float32); a 28×28 8-bit input. */
  private static BlockChain chain(SplittableRandom random, int count) {
    List<Block> blocks = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      blocks.add(new Block("b" + k, random.nextLong(100_000, 50_000_000), random.nextLong(1, 256 * 1024),
          random.nextLong(256, 16 * 1024)));
    }
    return new BlockChain(784, blocks, new WireFormat(Encoding.UINT8, Encoding.FLOAT32));
  }

  /** Nodes 2× faster each, a device first and a cloud last; edge nodes hold 4–24 MiB of weights, so plans split. */
  private static List<NodeSpec> nodes(int count, SplittableRandom random) {
    List<NodeSpec> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      boolean cloud = i == count - 1;
      long memory = cloud ? 64L << 30 : (4L + random.nextInt(21)) << 20;
      nodes.add(new NodeSpec("n" + i, cloud ? NodeRole.CLOUD : NodeRole.EDGE, 1e8 * Math.pow(2, i), memory));
    }
    return nodes;
  }

  /** Tiers of about 1/5 (access), 1/2 (metro) and the rest (clouds) after the device; two links down each. */
  private static List<LinkSpec> tiered(int count, SplittableRandom random) {
    int access = Math.max(1, count / 5);
    int metro = Math.max(0, Math.min(count - 1 - access - 1, count / 2));
    int[] tierStart = {0, 1, 1 + access, 1 + access + metro, count};
    List<LinkSpec> links = new ArrayList<>();
    for (int tier = 1; tier < 4; tier++) {
      int lowStart = tierStart[tier - 1];
      int lowSize = tierStart[tier] - lowStart;
      if (lowSize == 0) continue;
      for (int node = tierStart[tier]; node < tierStart[tier + 1]; node++) {
        int first = lowStart + random.nextInt(lowSize);
        links.add(link(first, node, random));
        int second = lowStart + random.nextInt(lowSize);
        if (second != first) links.add(link(second, node, random));
      }
    }
    return links;
  }

  private static LinkSpec link(int a, int b, SplittableRandom random) {
    double rate = 1e6 * Math.pow(10, random.nextDouble() * 3);
    return new LinkSpec("l" + a + "-" + b, LinkKind.DIGITAL, "n" + a, "n" + b, rate,
        Duration.ofNanos(1000 * random.nextLong(100, 20_000)), Duration.ZERO, 0, 0, 0);
  }
}
