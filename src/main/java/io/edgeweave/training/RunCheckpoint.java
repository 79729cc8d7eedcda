package io.edgeweave.training;

import io.edgeweave.channel.LinkState;
import io.edgeweave.metrics.StepRecord;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A consistent cut of a split-training run between two steps: every partition and every link as they were after
 * {@code step}, and the records of the steps up to it. A run resumes from it with step {@code step + 1} and computes
 * exactly what it would have computed without the interruption.
 *
 * @param partitions the state of each partition, in path order
 * @param links the state of each link, by link id
 * @param records the records of steps 0..step
 */
public record RunCheckpoint(
    String scenario, long seed, int step, List<SplitWorker.State> partitions, Map<String, LinkState> links,
    List<StepRecord> records) {

  public RunCheckpoint {
    partitions = List.copyOf(partitions);
    links = Collections.unmodifiableMap(new LinkedHashMap<>(links));
    records = List.copyOf(records);
    if (records.size() != step + 1) {
      throw new IllegalArgumentException("a checkpoint after step " + step + " holds " + records.size() + " records");
    }
  }
}
