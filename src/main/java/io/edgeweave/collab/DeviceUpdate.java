package io.edgeweave.collab;

import io.edgeweave.tensor.Tensor;

/**
 * What a device sends back after its local training in a round.
 *
 * @param parameters the device's model after training
 * @param samples the device's training samples: its weight in federated averaging
 * @param steps local steps trained
 * @param loss training loss of the last local step
 * @param downlinkMs virtual time the round's model took to reach the device
 * @param computeMs virtual time of the local training (counted FLOPs over the device's rate)
 * @param sentAtMs virtual time the device handed the update to its link
 */
public record DeviceUpdate(
    int round,
    int device,
    Tensor parameters,
    int samples,
    int steps,
    double loss,
    double downlinkMs,
    double computeMs,
    double sentAtMs) {

  public long bytes() {
    return parameters.byteSize() + RoundModel.HEADER_BYTES;
  }
}
