package io.edgeweave.nn.fast;

import java.util.Arrays;

/**
 * Max pooling over non-overlapping {@code size × size} windows of a channels-last map. Backward routes each
 * window's error to where its maximum came from (the first in row-major order on a tie, as DL4J does).
 */
final class MaxPoolLayer extends Layer {
  private final int width;
  private final int channels;
  private final int size;
  /** Where each output pixel's window starts in a sample's input. */
  private final int[] windows;
  /** The input of the last forward pass (the previous layer's output, unchanged until backward). */
  private float[] input;

  MaxPoolLayer(int height, int width, int channels, int size, int maxBatch) {
    super(height * width * channels, (height / size) * (width / size) * channels, maxBatch);
    this.width = width;
    this.channels = channels;
    this.size = size;
    int outHeight = height / size;
    int outWidth = width / size;
    this.windows = new int[outHeight * outWidth];
    for (int oy = 0; oy < outHeight; oy++) {
      for (int ox = 0; ox < outWidth; ox++) windows[oy * outWidth + ox] = (oy * size * width + ox * size) * channels;
    }
  }

  @Override
  void forward(float[] input, int batch) {
    this.input = input;
    for (int b = 0; b < batch; b++) {
      for (int p = 0; p < windows.length; p++) {
        int out = (b * windows.length + p) * channels;
        int first = b * inputSize + windows[p];
        System.arraycopy(input, first, output, out, channels);
        for (int dy = 0; dy < size; dy++) {
          for (int dx = dy == 0 ? 1 : 0; dx < size; dx++) {
            int in = first + (dy * width + dx) * channels;
            for (int c = 0; c < channels; c++) output[out + c] = Math.max(output[out + c], input[in + c]);
          }
        }
      }
    }
  }

  /** The error of each output goes to the first input of its window (row-major) that holds the maximum. */
  @Override
  void backward(float[] error, float[] inputError, int batch) {
    if (inputError == null) return;
    Arrays.fill(inputError, 0, batch * inputSize, 0f);
    for (int b = 0; b < batch; b++) {
      for (int p = 0; p < windows.length; p++) {
        int out = (b * windows.length + p) * channels;
        int first = b * inputSize + windows[p];
        for (int c = 0; c < channels; c++) inputError[argmax(first + c, output[out + c])] = error[out + c];
      }
    }
  }

  private int argmax(int first, float max) {
    for (int dy = 0; dy < size; dy++) {
      for (int dx = 0; dx < size; dx++) {
        int at = first + (dy * width + dx) * channels;
        if (input[at] == max) return at;
      }
    }
    throw new IllegalStateException("no input holds the window's maximum (NaN?)");
  }
}
