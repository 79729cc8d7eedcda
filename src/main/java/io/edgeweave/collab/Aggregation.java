package io.edgeweave.collab;

import io.edgeweave.tensor.Tensor;
import java.util.List;

/** The cloud side of a collaborative round: combines the updates that arrived in time into the next model. */
public interface Aggregation {
  /**
   * @param global the model the round started from
   * @param updates the updates that arrived by the deadline, one per device, in ascending device order
   *     (never the arrival order, which depends on thread scheduling); may be empty
   * @return the next global model
   */
  Tensor aggregate(Tensor global, List<DeviceUpdate> updates);

  /** Floating-point operations of one aggregation, for the cloud's virtual time. */
  long flops(int parameters, int updates);
}
