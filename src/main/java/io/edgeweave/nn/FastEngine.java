package io.edgeweave.nn;

import io.edgeweave.nn.fast.CnnSpec;
import io.edgeweave.nn.fast.FastCnn;
import io.edgeweave.scenario.LayerDef;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.TensorShape;
import io.edgeweave.tensor.NdArrays;
import io.edgeweave.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A partition computed by {@link FastCnn}, which works channels last: feature maps are turned from and to
 * DL4J's NCHW at the partition's borders (a copy of the activations each way). Its buffers grow to the
 * largest batch seen (inference grows them to at most {@link #SLICE} samples and runs larger batches in
 * slices). Errors crossing the borders are DL4J's: of the batch's summed loss (DL4J divides by the batch
 * size in its updater), where {@link FastCnn} works with the mean loss.
 */
final class FastEngine implements PartitionEngine {
  static final int SLICE = 256;
  private final CnnSpec spec;
  private final double learningRate;
  private final TensorShape inputShape;
  private final TensorShape outputShape;
  private FastCnn net;
  /** DL4J's shape of the last training batch, which its input error takes. */
  private long[] inputDims;
  private int batch;

  FastEngine(List<LayerDef> layers, ModelSpec model, float[] dl4jParameters) {
    this.spec = spec(layers);
    this.learningRate = model.learningRate();
    this.inputShape = layers.get(0).input();
    this.outputShape = layers.get(layers.size() - 1).output();
    this.net = new FastCnn(spec, 1, learningRate);
    net.setDl4jParameters(dl4jParameters);
  }

  /** The partition's layers as {@code nn.fast} layers; the input is channels last. */
  private static CnnSpec spec(List<LayerDef> layers) {
    List<CnnSpec.Layer> fast = new ArrayList<>();
    for (LayerDef def : layers) fast.add(layer(def));
    TensorShape in = layers.get(0).input();
    return in instanceof TensorShape.Grid g
        ? new CnnSpec(g.height(), g.width(), g.channels(), fast)
        : new CnnSpec(1, 1, in.size(), fast);
  }

  private static CnnSpec.Layer layer(LayerDef def) {
    if (def instanceof LayerDef.Conv c) return new CnnSpec.Conv(c.filters(), c.kernel(), true, relu(c.activation()), true);
    if (def instanceof LayerDef.Pool p) return new CnnSpec.MaxPool(p.size());
    if (def instanceof LayerDef.Dense d) return new CnnSpec.Dense(d.outputs(), relu(d.activation()), true);
    if (def instanceof LayerDef.Output o) return new CnnSpec.Output(o.classes());
    if (def instanceof LayerDef.PowerNormalization n) return new CnnSpec.PowerNorm(n.power());
    if (def instanceof LayerDef.Precoder p) {
      return p.input() instanceof TensorShape.Grid
          ? new CnnSpec.Conv(p.dims(), 1, true, false, false)
          : new CnnSpec.Dense(p.dims(), false, false);
    }
    throw new IllegalArgumentException("the fast engine has no layer for " + def);
  }

  private static boolean relu(String activation) {
    return switch (activation) {
      case "relu" -> true;
      case "identity" -> false;
      default -> throw new IllegalArgumentException("the fast engine has no activation " + activation);
    };
  }

  @Override
  public INDArray forward(INDArray batch) {
    float[] input = load(batch);
    return toDl4j(net.forward(input, this.batch), outputShape, this.batch);
  }

  @Override
  public Partition.LossAndError trainFromLabels(INDArray batch, INDArray oneHotLabels) {
    float[] features = load(batch);
    double loss = net.computeGradient(features, labels(oneHotLabels), this.batch, true);
    return new Partition.LossAndError(loss, inputError(net.inputError()));
  }

  @Override
  public INDArray backward(INDArray outputError) {
    float[] error = channelsLast(NdArrays.toFloats(outputError), outputShape, batch);
    float mean = 1f / batch;
    for (int i = 0; i < error.length; i++) error[i] *= mean;
    return inputError(net.backward(error, batch));
  }

  @Override
  public float[] gradient() {
    float[] gradient = net.dl4jGradient();
    for (int i = 0; i < gradient.length; i++) gradient[i] *= batch;
    return gradient;
  }

  @Override
  public void setGradient(INDArray summedArray, int samples) {
    float[] summed = NdArrays.toFloats(summedArray);
    float[] mean = new float[summed.length];
    for (int i = 0; i < mean.length; i++) mean[i] = summed[i] / samples;
    net.setDl4jGradient(mean);
  }

  @Override
  public void update(int iteration) {
    if (net.iteration() != iteration) throw new IllegalStateException("update " + iteration + " after " + net.iteration());
    net.update();
  }

  @Override
  public INDArray output(INDArray batch) {
    int samples = (int) batch.size(0);
    if (net.maxBatch() < Math.min(samples, SLICE)) grow(Math.min(samples, SLICE));
    float[] all = channelsLast(NdArrays.toFloats(batch), inputShape, samples);
    int in = net.inputSize();
    int out = net.outputSize();
    float[] outputs = new float[samples * out];
    float[] slice = new float[Math.min(samples, net.maxBatch()) * in];
    for (int from = 0; from < samples; from += net.maxBatch()) {
      int n = Math.min(net.maxBatch(), samples - from);
      System.arraycopy(all, from * in, slice, 0, n * in);
      System.arraycopy(net.forward(slice, n), 0, outputs, from * out, n * out);
    }
    return toDl4j(outputs, outputShape, samples);
  }

  @Override
  public INDArray parameters() {
    float[] values = net.dl4jParameters();
    return NdArrays.fromFloats(values, values.length);
  }

  @Override
  public Tensor optimiserState() {
    float[] state = net.dl4jOptimiserState();
    return state.length == 0 ? Tensor.of(new int[] {0}, new float[0]) : Tensor.of(new int[] {state.length}, state);
  }

  @Override
  public void restore(Tensor parameters, Tensor optimiser, int iteration) {
    if (parameters.size() != net.parameterCount()) {
      throw new IllegalArgumentException("state of " + parameters.size() + " parameters for a partition of " + net.parameterCount());
    }
    net.setDl4jParameters(parameters.toFloats());
    net.setDl4jOptimiserState(optimiser.size() == 0 ? new float[2 * net.parameterCount()] : optimiser.toFloats(), iteration);
  }

  /** Keeps a training batch channels last (growing the network's buffers if it is the largest yet). */
  private float[] load(INDArray batch) {
    this.batch = (int) batch.size(0);
    if (this.batch > net.maxBatch()) grow(this.batch);
    inputDims = batch.shape();
    return channelsLast(NdArrays.toFloats(batch), inputShape, this.batch);
  }

  private void grow(int maxBatch) {
    FastCnn larger = new FastCnn(spec, maxBatch, learningRate);
    larger.setDl4jParameters(net.dl4jParameters());
    larger.setDl4jOptimiserState(net.dl4jOptimiserState(), net.iteration());
    net = larger;
  }

  /** DL4J's error at the input (of the summed loss) from {@link FastCnn}'s (of the mean loss). */
  private INDArray inputError(float[] channelsLast) {
    float[] error = channelsFirst(channelsLast, inputShape, batch);
    for (int i = 0; i < error.length; i++) error[i] *= batch;
    return NdArrays.fromFloats(error, inputDims);
  }

  /** DL4J's shape of a batch: {@code [batch, channels, height, width]} for a map, {@code [batch, size]} for a vector. */
  private static INDArray toDl4j(float[] channelsLast, TensorShape shape, int batch) {
    float[] values = channelsFirst(channelsLast, shape, batch);
    return shape instanceof TensorShape.Grid g
        ? NdArrays.fromFloats(values, batch, g.channels(), g.height(), g.width())
        : NdArrays.fromFloats(values, batch, shape.size());
  }

  /** NCHW (or a vector) to channels last; a new array of the batch's values. */
  private static float[] channelsLast(float[] values, TensorShape shape, int batch) {
    return permute(values, shape, batch, true);
  }

  /** Channels last to NCHW (or a vector); a new array of the batch's values. */
  private static float[] channelsFirst(float[] values, TensorShape shape, int batch) {
    return permute(values, shape, batch, false);
  }

  private static float[] permute(float[] values, TensorShape shape, int batch, boolean toChannelsLast) {
    int size = shape.size();
    float[] out = new float[batch * size];
    if (!(shape instanceof TensorShape.Grid g) || g.channels() == 1 || g.positions() == 1) {
      System.arraycopy(values, 0, out, 0, out.length);
      return out;
    }
    int channels = g.channels();
    int positions = g.positions();
    for (int b = 0; b < batch; b++) {
      int at = b * size;
      for (int c = 0; c < channels; c++) {
        for (int p = 0; p < positions; p++) {
          int first = at + c * positions + p;
          int last = at + p * channels + c;
          if (toChannelsLast) out[last] = values[first];
          else out[first] = values[last];
        }
      }
    }
    return out;
  }

  private static int[] labels(INDArray oneHot) {
    int classes = (int) oneHot.size(1);
    float[] values = NdArrays.toFloats(oneHot);
    int[] labels = new int[(int) oneHot.size(0)];
    for (int b = 0; b < labels.length; b++) {
      for (int k = 0; k < classes; k++) if (values[b * classes + k] > values[b * classes + labels[b]]) labels[b] = k;
    }
    return labels;
  }
}
