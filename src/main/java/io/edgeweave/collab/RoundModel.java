package io.edgeweave.collab;

import io.edgeweave.tensor.Tensor;

/**
 * What the cloud sends a selected device at the start of a round: the model to start from.
 *
 * @param sentAtMs virtual time the cloud handed it to the device's link
 */
public record RoundModel(int round, Tensor parameters, double sentAtMs) {
  /** Modelled bytes besides the tensor: round, time and framing. */
  public static final long HEADER_BYTES = 64;

  public long bytes() {
    return parameters.byteSize() + HEADER_BYTES;
  }
}
