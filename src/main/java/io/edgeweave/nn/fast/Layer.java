package io.edgeweave.nn.fast;

/**
 * One layer of a {@link FastCnn}: batches of samples as row-major {@code float[]} (feature maps channels
 * last), its output in a buffer of its own sized for the largest batch. The network owns the parameters;
 * a layer that has some reads and writes them at its offset.
 */
abstract class Layer {
  /** Values per sample at the input and at the output. */
  final int inputSize;
  final int outputSize;
  final float[] output;

  Layer(int inputSize, int outputSize, int maxBatch) {
    this.inputSize = inputSize;
    this.outputSize = outputSize;
    this.output = new float[maxBatch * outputSize];
  }

  /** Computes {@link #output} for the first {@code batch} samples of {@code input}; keeps what backward needs. */
  abstract void forward(float[] input, int batch);

  /**
   * From dL/dOutput of the last forward pass ({@code error}, which it may overwrite): makes this layer's parameter
   * gradient {@code keep} times what it was plus {@code scale} times this pass's (with {@code keep} 0, the old one is
   * not read), and writes dL/dInput into {@code inputError} unless it is null.
   */
  abstract void backward(float[] error, float[] inputError, int batch, float scale, float keep);

  /** Only the matrix products of a training step (none for most layers), for measuring their share. */
  void matrixProducts(int batch, boolean inputError) {}

  int parameterCount() {
    return 0;
  }

  /**
   * Gives the layer its parameters, from {@code offset} of the network's, and fills {@code dl4jIndex} for
   * them: where each of them sits in DL4J's flat parameter vector, whose block for this layer starts at
   * {@code dl4jOffset}.
   */
  void bind(Parameters parameters, int offset, int[] dl4jIndex, int dl4jOffset) {}
}
