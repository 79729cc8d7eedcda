package io.edgeweave.scenario;

import static io.edgeweave.scenario.ReadContext.plural;

import io.edgeweave.scenario.Section.Bound;
import java.util.ArrayList;
import java.util.List;

/** Reads and checks {@code workload.type = split-training}. */
final class SplitTrainingReader {
  private SplitTrainingReader() {}

  static SplitTrainingSpec read(Section s, ReadContext c) {
    int start = c.problemCount();
    s.checkKeys("type", "path", "cuts", "batch-size", "steps", "eval-every", "micro-batches");
    List<String> path = s.strings("path");
    List<Integer> cuts = s.integers("cuts", Bound.ANY);
    Integer batchSize = s.integer("batch-size", Bound.POSITIVE);
    Integer steps = s.integer("steps", Bound.POSITIVE);
    Integer evalEvery = s.integer("eval-every", Bound.NON_NEGATIVE);
    Integer microBatches = s.has("micro-batches") ? s.integer("micro-batches", Bound.POSITIVE) : Integer.valueOf(1);
    if (microBatches != null && batchSize != null && microBatches > batchSize) {
      s.problem("micro-batches", "cannot cut a batch of " + batchSize + " into " + microBatches + " micro-batches");
    }
    boolean pathValid =
        path != null && c.checkPath(s, "path", path) && checkDataOwner(s, c, path) && checkOverTheAir(s, c, path);
    if (pathValid && cuts != null && checkCuts(s, c, path.size(), cuts) && c.model() != null) {
      checkMemory(s, c, path, cuts);
    }
    return c.problemCount() == start ? new SplitTrainingSpec(path, cuts, batchSize, steps, evalEvery, microBatches) : null;
  }

  private static boolean checkDataOwner(Section s, ReadContext c, List<String> path) {
    NodeSpec dataOwner = c.nodes().get(path.get(0));
    if (dataOwner == null || dataOwner.role() == NodeRole.EDGE) return true;
    s.problem("path", "the first node holds the training data, so it must be an edge node, not " + path.get(0));
    return false;
  }

  /** An over-the-air link carries activations from its {@code from} end (the precoder) to its {@code to} end. */
  private static boolean checkOverTheAir(Section s, ReadContext c, List<String> path) {
    if (!c.linksValid()) return true;
    boolean valid = true;
    for (int i = 1; i < path.size(); i++) {
      String sender = path.get(i - 1);
      String receiver = path.get(i);
      LinkSpec link = c.links().values().stream().filter(l -> l.joins(sender, receiver)).findFirst().orElseThrow();
      if (link.kind() == LinkKind.MIMO_OAC && !link.from().equals(sender)) {
        s.problem("path", "links." + link.id() + " is over the air from " + link.from() + " to " + link.to()
            + " (its transmit antennas are at " + link.from() + "), but the path crosses it from " + sender
            + " to " + receiver);
        valid = false;
      }
    }
    return valid;
  }

  /** One cut per boundary, strictly increasing, each inside the model. */
  private static boolean checkCuts(Section s, ReadContext c, int partitions, List<Integer> cuts) {
    if (cuts.size() != partitions - 1) {
      s.problem("cuts", plural(partitions, "partition") + (partitions == 1 ? " needs " : " need ")
          + plural(partitions - 1, "cut") + ", got " + cuts.size());
      return false;
    }
    int start = c.problemCount();
    for (int i = 1; i < cuts.size(); i++) {
      if (cuts.get(i) <= cuts.get(i - 1)) s.problem("cuts", "cuts must be strictly increasing, got " + cuts);
    }
    if (c.model() != null) {
      int layers = c.model().layerCount();
      for (int cut : cuts) {
        if (cut < 1 || cut >= layers) {
          s.problem("cuts", "cut " + cut + " is outside the model's " + plural(layers, "layer")
              + (layers > 1 ? " (valid: 1.." + (layers - 1) + ")" : " (a single layer cannot be cut)"));
        }
      }
    }
    return c.problemCount() == start;
  }

  /** Each partition's parameters and optimiser state (precoder and combiner included) fit its node. */
  private static void checkMemory(Section s, ReadContext c, List<String> path, List<Integer> cuts) {
    if (!c.linksValid()) return;
    List<LinkSpec> hops = new ArrayList<>();
    for (int i = 1; i < path.size(); i++) {
      String a = path.get(i - 1);
      String b = path.get(i);
      hops.add(c.links().values().stream().filter(l -> l.joins(a, b)).findFirst().orElseThrow());
    }
    NetworkPlan plan = NetworkPlan.forPath(c.model(), cuts, hops);
    for (int i = 0; i < path.size(); i++) {
      NodeSpec node = c.nodes().get(path.get(i));
      if (node == null) continue;
      long needed = plan.trainingBytes(i);
      if (needed > node.memoryBytes()) {
        s.problem("cuts", "partition " + (i + 1) + " on " + node.id() + " needs " + Units.bytes(needed)
            + " for parameters and optimiser state, the node has " + Units.bytes(node.memoryBytes()));
      }
    }
  }
}
