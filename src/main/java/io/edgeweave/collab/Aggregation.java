package io.edgeweave.collab;

import io.edgeweave.tensor.Tensor;

/**
 * The cloud side of a collaborative round: combines the updates that arrive in time into the next model. Updates are
 * folded in as they arrive, so the cloud holds one round's aggregate, not the round's updates; the result must not
 * depend on the order in which they arrive (which depends on thread scheduling).
 */
public interface Aggregation {
  /** Starts aggregating a round that sent {@code global} to its devices. */
  Round start(Tensor global);

  /** Floating-point operations of one aggregation, for the cloud's virtual time. */
  long flops(int parameters, int updates);

  /** One round's aggregate so far. */
  interface Round {
    /** Folds in an update that arrived in time; throws {@link IllegalArgumentException} if it does not fit the model. */
    void add(DeviceUpdate update);

    /** The next global model: the round's model if no update was added. */
    Tensor finish();
  }
}
