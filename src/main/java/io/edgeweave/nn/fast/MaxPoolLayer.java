package io.edgeweave.nn.fast;

import java.util.Arrays;

/**
 * Max pooling over non-overlapping {@code size × size} windows of a channels-last map. Forward records where
 * each maximum came from (the first in row-major order on a tie, as DL4J does); backward routes the error there.
 */
final class MaxPoolLayer extends Layer {
  private final int width;
  private final int channels;
  private final int size;
  /** Where each output pixel's window starts in a sample's input. */
  private final int[] windows;
  /** For each output of the last forward pass, the index of its maximum in the batch's input. */
  private final int[] argmax;

  MaxPoolLayer(int height, int width, int channels, int size, int maxBatch) {
    super(height * width * channels, (height / size) * (width / size) * channels, maxBatch);
    this.width = width;
    this.channels = channels;
    this.size = size;
    int outHeight = height / size;
    int outWidth = width / size;
    this.argmax = new int[maxBatch * outputSize];
    this.windows = new int[outHeight * outWidth];
    for (int oy = 0; oy < outHeight; oy++) {
      for (int ox = 0; ox < outWidth; ox++) windows[oy * outWidth + ox] = (oy * size * width + ox * size) * channels;
    }
  }

  /** Each output is the first (row-major) of its window's largest inputs; where it sits is kept for backward. */
  @Override
  void forward(float[] input, int batch) {
    for (int b = 0; b < batch; b++) {
      for (int p = 0; p < windows.length; p++) {
        int out = (b * windows.length + p) * channels;
        int first = b * inputSize + windows[p];
        for (int c = 0; c < channels; c++) {
          output[out + c] = input[first + c];
          argmax[out + c] = first + c;
        }
        for (int dy = 0; dy < size; dy++) {
          for (int dx = dy == 0 ? 1 : 0; dx < size; dx++) {
            int in = first + (dy * width + dx) * channels;
            for (int c = 0; c < channels; c++) {
              if (input[in + c] > output[out + c]) {
                output[out + c] = input[in + c];
                argmax[out + c] = in + c;
              }
            }
          }
        }
      }
    }
  }

  /** The error of each output goes to where its maximum came from; every other input gets zero. */
  @Override
  void backward(float[] error, float[] inputError, int batch, float scale, float keep) {
    if (inputError == null) return;
    Arrays.fill(inputError, 0, batch * inputSize, 0f);
    for (int i = 0; i < batch * outputSize; i++) inputError[argmax[i]] = error[i];
  }
}
