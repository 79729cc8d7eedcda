package io.edgeweave.nn.fast;

import java.util.Arrays;

/**
 * Max pooling over non-overlapping {@code size × size} windows of a channels-last map. Forward remembers
 * where each maximum came from (the first one in row-major order on a tie); backward routes the error there.
 */
final class MaxPoolLayer extends Layer {
  private final int height;
  private final int width;
  private final int channels;
  private final int size;
  private final int[] argmax;

  MaxPoolLayer(int height, int width, int channels, int size, int maxBatch) {
    super(height * width * channels, (height / size) * (width / size) * channels, maxBatch);
    this.height = height;
    this.width = width;
    this.channels = channels;
    this.size = size;
    this.argmax = new int[output.length];
  }

  @Override
  void forward(float[] input, int batch) {
    int outHeight = height / size;
    int outWidth = width / size;
    for (int b = 0; b < batch; b++) {
      for (int oy = 0; oy < outHeight; oy++) {
        for (int ox = 0; ox < outWidth; ox++) {
          int out = ((b * outHeight + oy) * outWidth + ox) * channels;
          int first = ((b * height + oy * size) * width + ox * size) * channels;
          for (int c = 0; c < channels; c++) {
            output[out + c] = input[first + c];
            argmax[out + c] = first + c;
          }
          for (int dy = 0; dy < size; dy++) {
            for (int dx = dy == 0 ? 1 : 0; dx < size; dx++) {
              int in = first + (dy * width + dx) * channels;
              for (int c = 0; c < channels; c++) {
                float v = input[in + c];
                if (v > output[out + c]) {
                  output[out + c] = v;
                  argmax[out + c] = in + c;
                }
              }
            }
          }
        }
      }
    }
  }

  @Override
  void backward(float[] error, float[] inputError, int batch) {
    if (inputError == null) return;
    Arrays.fill(inputError, 0, batch * inputSize, 0f);
    for (int i = 0; i < batch * outputSize; i++) inputError[argmax[i]] += error[i];
  }
}
