package io.edgeweave.genai;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The size of a conditional VAE: the encoder maps an image and its one-hot class through {@code hidden} to
 * the mean and log-variance of a {@code latent}-dimensional Gaussian; the decoder mirrors it, from a latent
 * point and the class back to the image's pixel logits.
 *
 * @param inputs pixels per image
 * @param hidden encoder hidden widths, in order (the decoder uses them reversed)
 */
public record VaeShape(int inputs, int classes, List<Integer> hidden, int latent) {

  public VaeShape {
    hidden = List.copyOf(hidden);
    if (inputs < 1 || classes < 1 || latent < 1 || hidden.stream().anyMatch(h -> h < 1)) {
      throw new IllegalArgumentException("a VAE needs positive sizes, got " + inputs + ", " + classes + ", "
          + hidden + ", " + latent);
    }
  }

  int[] encoderWidths() {
    List<Integer> widths = new ArrayList<>();
    widths.add(inputs + classes);
    widths.addAll(hidden);
    widths.add(2 * latent);
    return widths.stream().mapToInt(Integer::intValue).toArray();
  }

  int[] decoderWidths() {
    List<Integer> reversed = new ArrayList<>(hidden);
    Collections.reverse(reversed);
    List<Integer> widths = new ArrayList<>();
    widths.add(latent + classes);
    widths.addAll(reversed);
    widths.add(inputs);
    return widths.stream().mapToInt(Integer::intValue).toArray();
  }

  public long encoderParameters() {
    return Mlp.parameterCount(encoderWidths());
  }

  public long parameterCount() {
    return encoderParameters() + Mlp.parameterCount(decoderWidths());
  }

  /** FLOPs to generate one image (a decoder pass). */
  public long generateFlops() {
    return Mlp.forwardFlops(decoderWidths());
  }

  /** FLOPs of one training sample: forward and backward (twice the forward) through encoder and decoder. */
  public long trainFlops() {
    return 3 * (Mlp.forwardFlops(encoderWidths()) + Mlp.forwardFlops(decoderWidths()));
  }

  /**
   * FLOPs of one training sample through a frozen expert: forward through encoder and decoder, and the decoder's
   * input gradient (as much as its forward pass) for what trains before it; no weight gradients.
   */
  public long frozenTrainFlops() {
    return Mlp.forwardFlops(encoderWidths()) + 2 * Mlp.forwardFlops(decoderWidths());
  }
}
