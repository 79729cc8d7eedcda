package io.edgeweave.training.actors;

import io.edgeweave.fault.TrainingNodeFaults;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NodeSpec;
import io.edgeweave.scenario.RuntimeSpec;
import io.edgeweave.training.LocalData;
import java.util.Optional;
import org.apache.pekko.actor.typed.Behavior;

/**
 * An edge node (a device or an edge server). A device keeps its private training data: only an edge
 * device can host the first partition of a split network and start training steps.
 */
public final class EdgeDevice {
  private EdgeDevice() {}

  public static Behavior<PartitionHost.Command> create(
      NodeSpec node,
      ModelSpec model,
      long seed,
      RuntimeSpec runtime,
      Optional<LocalData> localData,
      TrainingNodeFaults faults) {
    return PartitionHost.create(node, model, seed, runtime, localData, faults);
  }
}
