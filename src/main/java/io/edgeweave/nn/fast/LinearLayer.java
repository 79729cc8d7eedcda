package io.edgeweave.nn.fast;

import java.util.Arrays;

/**
 * A convolution with stride 1 (bias and ReLU optional) as one matrix product per pass: the input's
 * windows are laid out as rows (im2col, {@code [batch·pixels, kernel²·channels]}) and multiplied by the
 * weights {@code [kernel²·channels, filters]}; the product is the output, channels last. A dense layer is
 * the same with a 1×1 kernel over a 1×1 map of the flattened input, where the windows are the input itself.
 *
 * <p>Backward: dW = colsᵀ·dZ, dCols = dZ·Wᵀ, then the window errors are added back into the input
 * (col2im). The native copy of the windows is kept from forward to backward and then reused for dCols.
 */
final class LinearLayer extends Layer {
  /** About what a core's L2 cache holds, in floats: the window errors of a chunk of samples. */
  private static final int CHUNK_FLOATS = 1 << 16;
  private final Geometry g;
  private final boolean relu;
  private final boolean bias;
  /** For a dense layer, the map it flattens ({@code [height, width, channels]}); null for a convolution. */
  private final int[] flattened;
  private final int pixels;
  private final int window;
  /** (source in a sample's input, target in its windows, length) for every contiguous run of a window. */
  private final int[] runs;
  /**
   * One sample's windows at a time (heap, cache-sized), copied to native memory sample by sample; padding
   * stays zero because only the runs are ever written.
   */
  private final float[] sampleCols;
  /** For dL/dInput of a convolution: so many samples' window errors at a time, native and on the heap. */
  private final int chunkSamples;
  private final NativeMatrix chunkErrors;
  private final float[] chunkColErrors;
  private final NativeMatrix nativeCols;
  private final NativeMatrix nativeOutput;
  /** A batch's bias gradient, summed over its rows before it is scaled into the gradient. */
  private final float[] biasSums;
  private float[] parameters;
  private float[] gradient;
  private int weightOffset;
  private int biasOffset;
  private NativeMatrix weights;
  private NativeMatrix weightGradient;

  /**
   * An input map of {@code height × width × channels}, {@code filters} outputs per pixel, a square
   * {@code kernel} padded by {@code padding} on every side.
   */
  record Geometry(int height, int width, int channels, int kernel, int padding, int filters) {
    int outputHeight() {
      return height + 2 * padding - kernel + 1;
    }

    int outputWidth() {
      return width + 2 * padding - kernel + 1;
    }
  }

  private LinearLayer(Geometry g, boolean relu, boolean bias, int[] flattened, int maxBatch) {
    super(g.height() * g.width() * g.channels(), g.outputHeight() * g.outputWidth() * g.filters(), maxBatch);
    this.g = g;
    this.relu = relu;
    this.bias = bias;
    this.flattened = flattened;
    this.pixels = g.outputHeight() * g.outputWidth();
    this.window = g.kernel() * g.kernel() * g.channels();
    boolean direct = g.kernel() == 1 && g.padding() == 0;
    this.runs = direct ? null : runs(g);
    this.sampleCols = direct ? null : new float[pixels * window];
    this.nativeCols = new NativeMatrix(maxBatch * pixels, window);
    this.nativeOutput = new NativeMatrix(maxBatch * pixels, g.filters());
    this.chunkSamples = Math.max(1, Math.min(maxBatch, CHUNK_FLOATS / (pixels * window)));
    this.chunkErrors = direct ? null : new NativeMatrix(chunkSamples * pixels, window);
    this.chunkColErrors = direct ? null : new float[chunkSamples * pixels * window];
    this.biasSums = new float[g.filters()];
  }

  static LinearLayer conv(int height, int width, int channels, CnnSpec.Conv c, int maxBatch) {
    int padding = c.same() ? (c.kernel() - 1) / 2 : 0;
    return new LinearLayer(new Geometry(height, width, channels, c.kernel(), padding, c.filters()), c.relu(), c.bias(), null, maxBatch);
  }

  /**
   * A dense layer on a {@code height × width × channels} map (DL4J flattens it channels first, which
   * {@link #bind} accounts for).
   */
  static LinearLayer dense(int height, int width, int channels, int outputs, boolean relu, boolean bias, int maxBatch) {
    return new LinearLayer(
        new Geometry(1, 1, height * width * channels, 1, 0, outputs), relu, bias, new int[] {height, width, channels}, maxBatch);
  }

  @Override
  int parameterCount() {
    return window * g.filters() + (bias ? g.filters() : 0);
  }

  @Override
  void bind(Parameters p, int offset, int[] dl4jIndex, int dl4jOffset) {
    parameters = p.values;
    gradient = p.gradient;
    weightOffset = offset;
    biasOffset = offset + window * g.filters();
    weights = p.values(offset, window, g.filters());
    weightGradient = p.gradient(offset, window, g.filters());
    int filters = g.filters();
    if (flattened != null) {
      // DL4J: W [inputs, outputs] column-major, then the bias if any; inputs flattened as [channel][row][column]
      int height = flattened[0], width = flattened[1], channels = flattened[2];
      for (int h = 0; h < height; h++) {
        for (int w = 0; w < width; w++) {
          for (int c = 0; c < channels; c++) {
            int mine = (h * width + w) * channels + c;
            int theirs = (c * height + h) * width + w;
            for (int f = 0; f < filters; f++) dl4jIndex[offset + mine * filters + f] = dl4jOffset + theirs + f * window;
          }
        }
      }
      if (bias) for (int f = 0; f < filters; f++) dl4jIndex[biasOffset + f] = dl4jOffset + window * filters + f;
      return;
    }
    // DL4J: the bias, then W [filters, channels, kernel, kernel] row-major
    int k = g.kernel();
    int weightsAt = dl4jOffset + (bias ? filters : 0);
    for (int y = 0; y < k; y++) {
      for (int x = 0; x < k; x++) {
        for (int c = 0; c < g.channels(); c++) {
          int row = (y * k + x) * g.channels() + c;
          for (int f = 0; f < filters; f++) dl4jIndex[offset + row * filters + f] = weightsAt + ((f * g.channels() + c) * k + y) * k + x;
        }
      }
    }
    if (bias) for (int f = 0; f < filters; f++) dl4jIndex[biasOffset + f] = dl4jOffset + f;
  }

  @Override
  void forward(float[] input, int batch) {
    int rows = batch * pixels;
    if (sampleCols == null) {
      nativeCols.put(input, rows);
    } else {
      im2col(input, batch);
    }
    multiply(rows);
    nativeOutput.get(output, rows);
    addBiasAndActivate(rows);
  }

  private void addBiasAndActivate(int rows) {
    int filters = g.filters();
    for (int r = 0; r < rows; r++) {
      int at = r * filters;
      if (bias) for (int f = 0; f < filters; f++) output[at + f] += parameters[biasOffset + f];
      if (relu) for (int f = 0; f < filters; f++) output[at + f] = Math.max(output[at + f], 0f);
    }
  }

  @Override
  void backward(float[] error, float[] inputError, int batch, float scale, float keep) {
    int rows = batch * pixels;
    int filters = g.filters();
    if (relu) {
      for (int i = 0; i < rows * filters; i++) error[i] = output[i] > 0f ? error[i] : 0f;
    }
    if (bias) {
      Arrays.fill(biasSums, 0f);
      for (int r = 0; r < rows; r++) {
        int at = r * filters;
        for (int f = 0; f < filters; f++) biasSums[f] += error[at + f];
      }
      for (int f = 0; f < filters; f++) {
        gradient[biasOffset + f] = keep == 0f ? scale * biasSums[f] : keep * gradient[biasOffset + f] + scale * biasSums[f];
      }
    }
    nativeOutput.put(error, rows);
    multiplyWeightGradient(rows, scale, keep);
    if (inputError == null) return;
    if (sampleCols == null) {
      multiplyInputError(0, rows, nativeCols);
      nativeCols.get(inputError, rows);
    } else {
      col2im(inputError, batch);
    }
  }

  /** Only the matrix products of a training step, on whatever the buffers hold: the speed limit they set. */
  @Override
  void matrixProducts(int batch, boolean inputError) {
    int rows = batch * pixels;
    multiply(rows);
    multiplyWeightGradient(rows, 1f, 0f);
    if (!inputError) return;
    if (sampleCols == null) {
      multiplyInputError(0, rows, nativeCols);
    } else {
      for (int b = 0; b < batch; b += chunkSamples) multiplyInputError(b * pixels, Math.min(chunkSamples, batch - b) * pixels, chunkErrors);
    }
  }

  /** Output = cols · W. */
  private void multiply(int rows) {
    NativeMatrix.gemm(nativeCols, 0, rows, false, weights, 0, window, false, nativeOutput, 0, 1f, 0f);
  }

  /** dW = scale · colsᵀ · dZ + keep · dW (dZ in the output's native memory). */
  private void multiplyWeightGradient(int rows, float scale, float keep) {
    NativeMatrix.gemm(nativeCols, 0, rows, true, nativeOutput, 0, rows, false, weightGradient, 0, scale, keep);
  }

  /** dCols = dZ · Wᵀ of {@code rows} rows from {@code first}, into {@code target} from its first row. */
  private void multiplyInputError(int first, int rows, NativeMatrix target) {
    NativeMatrix.gemm(nativeOutput, first, rows, false, weights, 0, window, true, target, 0, 1f, 0f);
  }

  private void im2col(float[] input, int batch) {
    int sampleSize = sampleCols.length;
    for (int b = 0; b < batch; b++) {
      int in = b * inputSize;
      for (int t = 0; t < runs.length; t += 3) {
        int source = in + runs[t];
        int target = runs[t + 1];
        int length = runs[t + 2];
        if (length < 16) {
          for (int j = 0; j < length; j++) sampleCols[target + j] = input[source + j];
        } else {
          System.arraycopy(input, source, sampleCols, target, length);
        }
      }
      nativeCols.put(b * sampleSize, sampleCols, 0, sampleSize);
    }
  }

  /**
   * dL/dInput, a few samples at a time: their window errors (dZ·Wᵀ) into a cache-sized buffer, then added
   * back to where each window came from; the whole batch's window errors never exist at once.
   */
  private void col2im(float[] inputError, int batch) {
    Arrays.fill(inputError, 0, batch * inputSize, 0f);
    int sampleSize = pixels * window;
    for (int first = 0; first < batch; first += chunkSamples) {
      int samples = Math.min(chunkSamples, batch - first);
      multiplyInputError(first * pixels, samples * pixels, chunkErrors);
      chunkErrors.get(0, chunkColErrors, 0, samples * sampleSize);
      for (int s = 0; s < samples; s++) {
        int in = (first + s) * inputSize;
        int at = s * sampleSize;
        for (int t = 0; t < runs.length; t += 3) {
          int target = in + runs[t];
          int source = at + runs[t + 1];
          for (int j = 0; j < runs[t + 2]; j++) inputError[target + j] += chunkColErrors[source + j];
        }
      }
    }
  }

  /** The contiguous runs of every window of one sample: a kernel row inside the map is one run of channels. */
  private static int[] runs(Geometry g) {
    int k = g.kernel();
    int c = g.channels();
    int window = k * k * c;
    int[] runs = new int[g.outputHeight() * g.outputWidth() * k * 3];
    int n = 0;
    for (int oy = 0; oy < g.outputHeight(); oy++) {
      for (int ox = 0; ox < g.outputWidth(); ox++) {
        int pixel = oy * g.outputWidth() + ox;
        int firstX = Math.max(0, g.padding() - ox);
        int endX = Math.min(k, g.width() + g.padding() - ox);
        for (int ky = 0; ky < k; ky++) {
          int iy = oy + ky - g.padding();
          if (iy < 0 || iy >= g.height() || endX <= firstX) continue;
          runs[n++] = (iy * g.width() + ox + firstX - g.padding()) * c;
          runs[n++] = pixel * window + (ky * k + firstX) * c;
          runs[n++] = (endX - firstX) * c;
        }
      }
    }
    return Arrays.copyOf(runs, n);
  }
}
