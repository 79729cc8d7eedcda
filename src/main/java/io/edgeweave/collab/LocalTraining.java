package io.edgeweave.collab;

import io.edgeweave.tensor.Tensor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The device side of a collaborative round: trains from the model the cloud sent, on the device's own
 * batches. Implementations keep no state between calls (a device keeps nothing between rounds) and are
 * called concurrently from the compute threads, each with its own borrowed network.
 */
public interface LocalTraining {
  /**
   * @param network a network of the model's architecture, lent for this call only; it holds whatever its
   *     previous borrower left (parameters, optimiser state), so set everything the training reads
   * @param model the parameters to start from
   * @param data the device's samples of each local step
   * @param steps local steps to train
   */
  Result train(MultiLayerNetwork network, Tensor model, LocalData data, int steps);

  /** The trained parameters and the loss of the last step. */
  record Result(Tensor parameters, double loss) {}
}
