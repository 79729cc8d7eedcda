package io.edgeweave.scenario;

import static io.edgeweave.scenario.ReadContext.plural;

import io.edgeweave.scenario.Section.Bound;
import java.util.List;

/** Reads and checks {@code workload.type = split-training}. */
final class SplitTrainingReader {
  private SplitTrainingReader() {}

  static SplitTrainingSpec read(Section s, ReadContext c) {
    int start = c.problemCount();
    s.checkKeys("type", "path", "cuts", "batch-size", "steps", "eval-every");
    List<String> path = s.strings("path");
    List<Integer> cuts = s.integers("cuts", Bound.ANY);
    Integer batchSize = s.integer("batch-size", Bound.POSITIVE);
    Integer steps = s.integer("steps", Bound.POSITIVE);
    Integer evalEvery = s.integer("eval-every", Bound.NON_NEGATIVE);
    boolean pathValid = path != null && c.checkPath(s, "path", path) && checkDataOwner(s, c, path);
    if (pathValid && cuts != null && checkCuts(s, c, path.size(), cuts) && c.model() != null) {
      checkMemory(s, c, path, cuts);
    }
    return c.problemCount() == start ? new SplitTrainingSpec(path, cuts, batchSize, steps, evalEvery) : null;
  }

  private static boolean checkDataOwner(Section s, ReadContext c, List<String> path) {
    NodeSpec dataOwner = c.nodes().get(path.get(0));
    if (dataOwner == null || dataOwner.role() == NodeRole.EDGE) return true;
    s.problem("path", "the first node holds the training data, so it must be an edge node, not " + path.get(0));
    return false;
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

  /** Each partition's parameters and optimiser state fit the memory of its node. */
  private static void checkMemory(Section s, ReadContext c, List<String> path, List<Integer> cuts) {
    ModelSpec model = c.model();
    for (int i = 0; i < path.size(); i++) {
      NodeSpec node = c.nodes().get(path.get(i));
      if (node == null) continue;
      int from = i == 0 ? 0 : cuts.get(i - 1);
      int to = i == cuts.size() ? model.layerCount() : cuts.get(i);
      long needed = model.trainingBytes(from, to);
      if (needed > node.memoryBytes()) {
        s.problem("cuts", "partition " + (i + 1) + " on " + node.id() + " needs " + Units.bytes(needed)
            + " for parameters and optimiser state, the node has " + Units.bytes(node.memoryBytes()));
      }
    }
  }
}
