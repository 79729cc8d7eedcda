package io.edgeweave.genai;

import io.edgeweave.tensor.Tensor;

/** A conditional VAE as it travels in a message: its size and its flat float32 parameters. */
public record VaeSnapshot(VaeShape shape, Tensor params) {
  public static VaeSnapshot of(Cvae model) {
    float[] flat = model.parameters();
    return new VaeSnapshot(model.shape(), Tensor.of(new int[] {flat.length}, flat));
  }

  public Cvae toModel() {
    return Cvae.of(shape, params.toFloats());
  }

  public long bytes() {
    return params.byteSize();
  }
}
