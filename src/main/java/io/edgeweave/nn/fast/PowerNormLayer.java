package io.edgeweave.nn.fast;

/**
 * The transmit power constraint, as {@code nn.PowerNormalization} computes it: a sample's block z (its
 * whole map, channels last, or its vector) becomes x = a·z/‖z‖ with a = √(P·U), U the map's positions.
 * Backward: dL/dz = a/‖z‖ · (ε − x̂ (x̂·ε)) with x̂ = z/‖z‖. Sums run in double.
 */
final class PowerNormLayer extends Layer {
  /** Keeps a zero block at zero, as {@code nn.PowerNormalization} does. */
  private static final double EPSILON = 1e-12;

  private final double amplitude;
  /** 1/‖z‖ of each sample of the last forward pass. */
  private final double[] inverseNorms;
  /** The input of the last forward pass (the previous layer's output, unchanged until backward). */
  private float[] input;

  PowerNormLayer(int height, int width, int channels, double power, int maxBatch) {
    super(height * width * channels, height * width * channels, maxBatch);
    this.amplitude = Math.sqrt(power * height * width);
    this.inverseNorms = new double[maxBatch];
  }

  @Override
  void forward(float[] input, int batch) {
    this.input = input;
    for (int b = 0; b < batch; b++) {
      int from = b * inputSize;
      double squares = 0;
      for (int i = from; i < from + inputSize; i++) squares += (double) input[i] * input[i];
      double inverse = 1 / Math.sqrt(squares + EPSILON);
      inverseNorms[b] = inverse;
      float scale = (float) (inverse * amplitude);
      for (int i = from; i < from + inputSize; i++) output[i] = input[i] * scale;
    }
  }

  @Override
  void backward(float[] error, float[] inputError, int batch, float scale, float keep) {
    if (inputError == null) return;
    for (int b = 0; b < batch; b++) {
      int from = b * inputSize;
      double inverse = inverseNorms[b];
      double along = 0;
      for (int i = from; i < from + inputSize; i++) along += input[i] * inverse * error[i];
      for (int i = from; i < from + inputSize; i++) {
        inputError[i] = (float) ((error[i] - input[i] * inverse * along) * inverse * amplitude);
      }
    }
  }
}
