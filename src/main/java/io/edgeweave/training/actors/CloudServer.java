package io.edgeweave.training.actors;

import io.edgeweave.fault.TrainingNodeFaults;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NodeSpec;
import io.edgeweave.scenario.RuntimeSpec;
import java.util.Optional;
import org.apache.pekko.actor.typed.Behavior;

/** A cloud server: hosts partitions of other nodes' models, never raw training data. */
public final class CloudServer {
  private CloudServer() {}

  public static Behavior<PartitionHost.Command> create(
      NodeSpec node, ModelSpec model, long seed, RuntimeSpec runtime, TrainingNodeFaults faults) {
    return PartitionHost.create(node, model, seed, runtime, Optional.empty(), faults);
  }
}
