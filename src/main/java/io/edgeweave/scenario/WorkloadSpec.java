package io.edgeweave.scenario;

import java.util.List;

/**
 * What the run does. {@code split-training}: the model is cut into {@code path.size()} partitions at
 * {@code cuts} and trained along the path, the first node holding the data.
 *
 * @param path node ids, data owner first
 * @param cuts layer indices where partitions end: partition i holds layers [cuts[i-1], cuts[i])
 * @param evalEvery evaluate test accuracy every this many steps (0 = only at the end)
 */
public record WorkloadSpec(
    String type, List<String> path, List<Integer> cuts, int batchSize, int steps, int evalEvery) {

  public WorkloadSpec {
    path = List.copyOf(path);
    cuts = List.copyOf(cuts);
  }
}
