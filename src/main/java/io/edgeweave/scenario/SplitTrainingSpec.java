package io.edgeweave.scenario;

import java.util.List;

/**
 * {@code workload.type = split-training}: the model is cut into {@code path.size()} partitions at
 * {@code cuts} and trained along the path, the first node holding the data.
 *
 * @param path node ids, data owner first
 * @param cuts layer indices where partitions end: partition i holds layers [cuts[i-1], cuts[i])
 * @param evalEvery evaluate test accuracy every this many steps (0 = only at the end)
 * @param microBatches how many micro-batches each mini-batch is cut into, to flow through the partitions one after
 *     another (1: the whole batch at once)
 */
public record SplitTrainingSpec(
    List<String> path, List<Integer> cuts, int batchSize, int steps, int evalEvery, int microBatches)
    implements WorkloadSpec {
  public static final String TYPE = "split-training";

  public SplitTrainingSpec {
    path = List.copyOf(path);
    cuts = List.copyOf(cuts);
  }

  /** The same workload with each batch cut into {@code micro} micro-batches. */
  public SplitTrainingSpec withMicroBatches(int micro) {
    return new SplitTrainingSpec(path, cuts, batchSize, steps, evalEvery, micro);
  }

  @Override
  public String type() {
    return TYPE;
  }
}
