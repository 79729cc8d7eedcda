package io.edgeweave.metrics;

import io.edgeweave.scenario.FaultSpec;
import java.util.List;

/**
 * What a report shows of a run beyond its records: the topology it ran on and the faults its scenario injects.
 *
 * @param topology null when the run has none worth drawing
 */
public record RunDescription(Topology topology, List<FaultSpec> faults) {
  public static final RunDescription NONE = new RunDescription(null, List.of());

  public RunDescription {
    faults = List.copyOf(faults);
  }
}
