package io.edgeweave.nn.fast;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * A convolutional network trained without DL4J's layers: every convolution and dense layer is one GEMM
 * per pass (ND4J/OpenBLAS) over buffers allocated once for {@code maxBatch} samples; im2col, biases,
 * ReLU, pooling, softmax cross-entropy and Adam are plain loops over Java arrays. It computes what DL4J's
 * {@code MultiLayerNetwork} of {@link CnnSpec#dl4j} computes, and reads and writes parameters in DL4J's
 * flat order so that both start from the same weights. A network that does not end in an output layer
 * is a partition: {@link #forward} gives its output and {@link #backward} takes the error there. Not
 * thread-safe: one owner at a time.
 */
public final class FastCnn {
  private final CnnSpec spec;
  private final int maxBatch;
  private final List<Layer> layers = new ArrayList<>();
  private final Parameters parameters;
  /** Where each parameter sits in DL4J's flat vector. */
  private final int[] dl4jIndex;
  /** {@code errors[i]}: dL/dInput of layer i ({@code errors[0]} made when first asked for); {@code errors[n]}: dL/dOutput. */
  private final float[][] errors;
  private final AdamUpdater adam;
  /** CPU time of the calling thread spent per layer, forward ({@code [i][0]}) and backward ({@code [i][1]}), and in updates. */
  private final long[][] layerNanos;
  private long updateNanos;
  private int iteration;

  public FastCnn(CnnSpec spec, int maxBatch, double learningRate) {
    this(spec, maxBatch, learningRate, null, null);
  }

  /**
   * A network with buffers of its own for {@code maxBatch} samples over the parameters, gradient and optimiser of
   * {@code shared}: another pass can be in flight in it while {@code shared}'s is. Updates are to go through one of
   * the two ({@code shared}), which counts them.
   */
  public FastCnn(FastCnn shared, int maxBatch) {
    this(shared.spec, maxBatch, 0, shared.parameters, shared.adam);
  }

  private FastCnn(CnnSpec spec, int maxBatch, double learningRate, Parameters sharedParameters, AdamUpdater sharedAdam) {
    if (spec.layers().isEmpty()) throw new IllegalArgumentException("a network without layers");
    if (maxBatch < 1) throw new IllegalArgumentException("batch size " + maxBatch);
    this.spec = spec;
    this.maxBatch = maxBatch;
    int h = spec.height(), w = spec.width(), c = spec.channels();
    List<int[]> shapes = spec.shapes();
    for (int i = 0; i < spec.layers().size(); i++) {
      layers.add(layer(spec.layers().get(i), h, w, c, maxBatch));
      int[] out = shapes.get(i);
      h = out[0];
      w = out[1];
      c = out[2];
    }
    int count = layers.stream().mapToInt(Layer::parameterCount).sum();
    parameters = sharedParameters == null ? new Parameters(count) : sharedParameters;
    dl4jIndex = new int[count];
    int offset = 0;
    for (Layer layer : layers) {
      layer.bind(parameters, offset, dl4jIndex, offset);
      offset += layer.parameterCount();
    }
    errors = new float[layers.size() + 1][];
    for (int i = 1; i <= layers.size(); i++) errors[i] = new float[maxBatch * layers.get(i - 1).outputSize];
    adam = sharedAdam == null ? new AdamUpdater(count, learningRate) : sharedAdam;
    layerNanos = new long[layers.size()][2];
  }

  private static Layer layer(CnnSpec.Layer layer, int h, int w, int c, int maxBatch) {
    if (layer instanceof CnnSpec.Conv conv) return LinearLayer.conv(h, w, c, conv, maxBatch);
    if (layer instanceof CnnSpec.MaxPool pool) return new MaxPoolLayer(h, w, c, pool.size(), maxBatch);
    if (layer instanceof CnnSpec.Dense dense) return LinearLayer.dense(h, w, c, dense.outputs(), dense.relu(), dense.bias(), maxBatch);
    if (layer instanceof CnnSpec.PowerNorm norm) return new PowerNormLayer(h, w, c, norm.power(), maxBatch);
    return LinearLayer.dense(h, w, c, ((CnnSpec.Output) layer).classes(), false, true, maxBatch);
  }

  public CnnSpec spec() {
    return spec;
  }

  public int parameterCount() {
    return dl4jIndex.length;
  }

  /** The largest batch its buffers hold. */
  public int maxBatch() {
    return maxBatch;
  }

  /** Values per sample at the input (channels last) and at the output. */
  public int inputSize() {
    return layers.get(0).inputSize;
  }

  public int outputSize() {
    return layers.get(layers.size() - 1).outputSize;
  }

  /** Updates applied so far. */
  public int iteration() {
    return iteration;
  }

  /** Sets every parameter from DL4J's flat vector ({@code MultiLayerNetwork.params()} of {@link CnnSpec#dl4j}). */
  public void setDl4jParameters(float[] dl4j) {
    if (dl4j.length != dl4jIndex.length) {
      throw new IllegalArgumentException(dl4j.length + " parameters for a network of " + dl4jIndex.length);
    }
    for (int i = 0; i < dl4jIndex.length; i++) parameters.values[i] = dl4j[dl4jIndex[i]];
    parameters.valuesChanged();
  }

  /** The parameters in DL4J's flat order. */
  public float[] dl4jParameters() {
    return toDl4j(parameters.values);
  }

  /** The gradient of the last {@link #computeGradient} (of the batch's mean loss) in DL4J's flat order. */
  public float[] dl4jGradient() {
    parameters.gradientToHeap();
    return toDl4j(parameters.gradient);
  }

  /** A copy of the gradient of the last {@link #computeGradient} (of the batch's mean loss) in this network's order. */
  public float[] gradient() {
    parameters.gradientToHeap();
    return parameters.gradient.clone();
  }

  /** Multiplies the gradient by {@code factor}, in place. */
  public void scaleGradient(float factor) {
    parameters.gradientToHeap();
    float[] gradient = parameters.gradient;
    for (int i = 0; i < gradient.length; i++) gradient[i] *= factor;
    parameters.gradientChanged();
  }

  /** Sets the gradient that {@link #update} applies (of the mean loss) in this network's order, as {@link #gradient} gives it. */
  public void setGradient(float[] gradient) {
    if (gradient.length != dl4jIndex.length) throw new IllegalArgumentException(gradient.length + " gradients for " + dl4jIndex.length);
    System.arraycopy(gradient, 0, parameters.gradient, 0, gradient.length);
    parameters.gradientChanged();
  }

  /**
   * Adam's state as DL4J's updater keeps it for these layers: the first moments, then the second, each in
   * DL4J's flat parameter order.
   */
  public float[] dl4jOptimiserState() {
    float[] state = new float[2 * dl4jIndex.length];
    System.arraycopy(toDl4j(adam.m), 0, state, 0, dl4jIndex.length);
    System.arraycopy(toDl4j(adam.v), 0, state, dl4jIndex.length, dl4jIndex.length);
    return state;
  }

  /** Sets Adam's state (as {@link #dl4jOptimiserState} gives it) and the number of updates applied. */
  public void setDl4jOptimiserState(float[] state, int iteration) {
    int n = dl4jIndex.length;
    if (state.length != 2 * n) throw new IllegalArgumentException(state.length + " optimiser values for " + n + " parameters");
    for (int i = 0; i < n; i++) {
      adam.m[i] = state[dl4jIndex[i]];
      adam.v[i] = state[n + dl4jIndex[i]];
    }
    this.iteration = iteration;
  }

  private float[] toDl4j(float[] mine) {
    float[] dl4j = new float[mine.length];
    for (int i = 0; i < mine.length; i++) dl4j[dl4jIndex[i]] = mine[i];
    return dl4j;
  }

  /**
   * Forward and backward pass over the first {@code batch} samples of {@code features} (row-major, each an
   * image of {@code height × width × channels}, channels last): the mean cross-entropy; the gradient stays
   * for {@link #update}.
   */
  public double computeGradient(float[] features, int[] labels, int batch) {
    return computeGradient(features, labels, batch, false);
  }

  /**
   * As {@link #computeGradient(float[], int[], int)}; with {@code inputError}, dL/dInput of the batch
   * (channels last) is then in {@link #inputError()}.
   */
  public double computeGradient(float[] features, int[] labels, int batch, boolean inputError) {
    return computeGradient(features, labels, batch, inputError, 1f, 0f);
  }

  /**
   * As {@link #computeGradient(float[], int[], int, boolean)}, but the gradient becomes {@code keep} times the one
   * there plus {@code scale} times this batch's: so micro-batches add up their gradients in the matrix products.
   */
  public double computeGradient(float[] features, int[] labels, int batch, boolean inputError, float scale, float keep) {
    if (!(spec.layers().get(layers.size() - 1) instanceof CnnSpec.Output)) {
      throw new IllegalStateException("a network without an output layer trains from the error at its output");
    }
    float[] logits = forward(features, batch);
    int classes = outputSize();
    double loss = softmaxCrossEntropy(logits, labels, batch, classes, errors[layers.size()]);
    backpropagate(batch, inputError, scale, keep);
    return loss;
  }

  /**
   * Backward pass of the last {@link #forward} from dL/dOutput ({@code outputError}, the first
   * {@code batch} samples; not changed): the parameter gradient stays for {@link #update}; returns
   * dL/dInput, channels last, in a buffer of this network's that the next pass overwrites.
   */
  public float[] backward(float[] outputError, int batch) {
    return backward(outputError, batch, true);
  }

  /** As {@link #backward(float[], int)}; without {@code inputError}, dL/dInput is not computed and null returned. */
  public float[] backward(float[] outputError, int batch, boolean inputError) {
    return backward(outputError, batch, inputError, 1f, 0f);
  }

  /**
   * As {@link #backward(float[], int, boolean)}, but the gradient becomes {@code keep} times the one there plus
   * {@code scale} times this pass's.
   */
  public float[] backward(float[] outputError, int batch, boolean inputError, float scale, float keep) {
    checkBatch(batch);
    System.arraycopy(outputError, 0, errors[layers.size()], 0, batch * outputSize());
    backpropagate(batch, inputError, scale, keep);
    return inputError ? errors[0] : null;
  }

  /** dL/dInput of the last backward pass that computed it. */
  public float[] inputError() {
    return errors[0];
  }

  private void backpropagate(int batch, boolean inputError, float scale, float keep) {
    if (inputError && errors[0] == null) errors[0] = new float[maxBatch * inputSize()];
    if (keep != 0f) parameters.gradientToNative();
    for (int i = layers.size() - 1; i >= 0; i--) {
      long start = cpuNanos();
      layers.get(i).backward(errors[i + 1], i > 0 || inputError ? errors[i] : null, batch, scale, keep);
      layerNanos[i][1] += cpuNanos() - start;
    }
    parameters.nativeGradientWritten();
  }

  /** Applies the gradient of the last {@link #computeGradient} with Adam. */
  public void update() {
    long start = cpuNanos();
    parameters.gradientToHeap();
    adam.update(parameters.values, parameters.gradient, iteration++);
    parameters.valuesChanged();
    updateNanos += cpuNanos() - start;
  }

  /** One training step: {@link #computeGradient} then {@link #update}; returns the loss before the update. */
  public double fit(float[] features, int[] labels, int batch) {
    double loss = computeGradient(features, labels, batch);
    update();
    return loss;
  }

  /** The class with the largest logit for each of the first {@code batch} samples. */
  public int[] predict(float[] features, int batch) {
    float[] logits = forward(features, batch);
    int classes = layers.get(layers.size() - 1).outputSize;
    int[] predicted = new int[batch];
    for (int b = 0; b < batch; b++) {
      int best = 0;
      for (int k = 1; k < classes; k++) if (logits[b * classes + k] > logits[b * classes + best]) best = k;
      predicted[b] = best;
    }
    return predicted;
  }

  /**
   * Where the time went since the last call: for each layer its name, forward and backward milliseconds;
   * last, the updates ({@code "adam"}, its time as forward).
   */
  public List<LayerTime> takeTimes() {
    List<LayerTime> times = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      times.add(new LayerTime(spec.layers().get(i).getClass().getSimpleName().toLowerCase() + (i + 1),
          layerNanos[i][0] / 1e6, layerNanos[i][1] / 1e6));
      layerNanos[i][0] = layerNanos[i][1] = 0;
    }
    times.add(new LayerTime("adam", updateNanos / 1e6, 0));
    updateNanos = 0;
    return times;
  }

  public record LayerTime(String layer, double forwardMs, double backwardMs) {}

  /** Only the matrix products of one training step of {@code batch} samples: the limit they set on its speed. */
  public void matrixProducts(int batch) {
    checkBatch(batch);
    for (int i = 0; i < layers.size(); i++) layers.get(i).matrixProducts(batch, i > 0);
  }

  /**
   * Forward pass over the first {@code batch} samples of {@code features} (channels last), kept for a
   * backward pass: the output, in a buffer of this network's that the next pass overwrites.
   */
  public float[] forward(float[] features, int batch) {
    checkBatch(batch);
    if (features.length < batch * layers.get(0).inputSize) {
      throw new IllegalArgumentException(features.length + " values for " + batch + " samples of " + layers.get(0).inputSize);
    }
    float[] input = features;
    for (int i = 0; i < layers.size(); i++) {
      long start = cpuNanos();
      layers.get(i).forward(input, batch);
      layerNanos[i][0] += cpuNanos() - start;
      input = layers.get(i).output;
    }
    return input;
  }

  private void checkBatch(int batch) {
    if (batch < 1 || batch > maxBatch) throw new IllegalArgumentException("batch of " + batch + ", room for " + maxBatch);
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private static long cpuNanos() {
    return THREADS.getCurrentThreadCpuTime();
  }

  /** Mean cross-entropy of softmax(logits); writes dL/dLogits = (softmax − one-hot) / batch into {@code error}. */
  static double softmaxCrossEntropy(float[] logits, int[] labels, int batch, int classes, float[] error) {
    double loss = 0;
    for (int b = 0; b < batch; b++) {
      int at = b * classes;
      float max = logits[at];
      for (int k = 1; k < classes; k++) max = Math.max(max, logits[at + k]);
      float sum = 0f;
      for (int k = 0; k < classes; k++) {
        float e = (float) Math.exp(logits[at + k] - max);
        error[at + k] = e;
        sum += e;
      }
      int label = labels[b];
      if (label < 0 || label >= classes) throw new IllegalArgumentException("label " + label + " of sample " + b);
      loss += Math.log(sum) - (logits[at + label] - max);
      for (int k = 0; k < classes; k++) error[at + k] = (error[at + k] / sum - (k == label ? 1f : 0f)) / batch;
    }
    return loss / batch;
  }
}
