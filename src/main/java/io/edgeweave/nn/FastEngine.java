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
 * DL4J's NCHW at the partition's borders (a copy of the activations each way). One network owns the parameters
 * and the optimiser; each pass in flight (a micro-batch between its forward and its backward pass) has buffers of
 * its own over them, made once and reused, grown to the largest batch it has seen (inference grows them to at
 * most {@link #SLICE} samples and runs larger batches in slices). Errors crossing the borders are DL4J's: of the
 * batch's summed loss (DL4J divides by the batch size in its updater), where {@link FastCnn} works with the mean
 * loss.
 */
final class FastEngine implements PartitionEngine {
  static final int SLICE = 256;
  private final CnnSpec spec;
  private final TensorShape inputShape;
  private final TensorShape outputShape;
  /** Owns the parameters, gradient and optimiser; its own buffers (of one sample) go unused. */
  private final FastCnn owner;
  /** Buffers for passes in flight, reused from step to step. */
  private final List<Pass> passes = new ArrayList<>();
  /** The pass the next backward pass (or gradient) is of. */
  private Pass current;
  /** The outputs and input errors the step handed out, released at the next step. */
  private final StepArrays stepArrays = new StepArrays();
  /** The batch of the pass whose gradient is pending. */
  private int pendingBatch;
  /**
   * What the next backward pass keeps of the gradient there: 0 (nothing), or, once a micro-batch's gradient is kept,
   * the weight that makes it the gradient of the summed loss: its batch for the first (of its mean loss), then 1.
   */
  private float keep;

  /** A forward pass's buffers and what its backward pass needs to know of its batch. */
  private static final class Pass {
    FastCnn net;
    int batch;
    /** DL4J's shape of the batch, which its input error takes. */
    long[] inputDims;
    boolean inFlight;

    Pass(FastCnn net) {
      this.net = net;
    }
  }

  FastEngine(List<LayerDef> layers, ModelSpec model, float[] dl4jParameters) {
    this.spec = spec(layers);
    this.inputShape = layers.get(0).input();
    this.outputShape = layers.get(layers.size() - 1).output();
    this.owner = new FastCnn(spec, 1, model.learningRate());
    owner.setDl4jParameters(dl4jParameters);
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
    stepArrays.beginPass();
    current = free((int) batch.size(0));
    current.inFlight = true;
    float[] input = load(current, batch);
    return stepArrays.add(toDl4j(current.net.forward(input, current.batch), outputShape, current.batch));
  }

  /** The buffers of the last forward pass, which stay its own until its backward pass. */
  @Override
  public Object forwardState() {
    return current;
  }

  @Override
  public void restoreForward(Object state) {
    current = (Pass) state;
  }

  @Override
  public Partition.LossAndError trainFromLabels(INDArray batch, INDArray oneHotLabels, boolean inputError) {
    stepArrays.beginPass();
    current = free((int) batch.size(0));
    float[] features = load(current, batch);
    double loss = current.net.computeGradient(features, labels(oneHotLabels), current.batch, inputError, scale(), keep);
    pendingBatch = current.batch;
    return new Partition.LossAndError(loss, inputError ? inputError(current.net.inputError()) : null);
  }

  @Override
  public INDArray backward(INDArray outputError, boolean inputError) {
    float[] error = channelsLast(NdArrays.toFloats(outputError), outputShape, current.batch);
    float mean = 1f / current.batch;
    for (int i = 0; i < error.length; i++) error[i] *= mean;
    current.inFlight = false;
    float[] result = current.net.backward(error, current.batch, inputError, scale(), keep);
    pendingBatch = current.batch;
    return inputError ? inputError(result) : null;
  }

  /** This pass's weight in the gradient: 1 alone (the mean loss's), its batch when added to kept ones (the summed loss's). */
  private float scale() {
    return keep == 0f ? 1f : current.batch;
  }

  @Override
  public float[] gradient() {
    float[] gradient = owner.dl4jGradient();
    for (int i = 0; i < gradient.length; i++) gradient[i] *= current.batch;
    return gradient;
  }

  /**
   * The pending gradient stays where it is: the next backward pass adds its own to it in the matrix products (in the
   * order the passes come, which {@link Partition} keeps to micro-batch order), so no gradient is copied per micro-batch.
   */
  @Override
  public void keepGradient(int micro) {
    keep = keep == 0f ? pendingBatch : 1f;
  }

  @Override
  public void useKeptGradients(int samples) {
    owner.scaleGradient(1f / samples);
    keep = 0f;
  }

  @Override
  public void update(int iteration) {
    if (owner.iteration() != iteration) throw new IllegalStateException("update " + iteration + " after " + owner.iteration());
    owner.update();
    for (Pass p : passes) p.inFlight = false;
    stepArrays.stepDone();
  }

  @Override
  public INDArray output(INDArray batch) {
    int samples = (int) batch.size(0);
    FastCnn net = free(Math.min(samples, SLICE)).net;
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
    float[] values = owner.dl4jParameters();
    return NdArrays.fromFloats(values, values.length);
  }

  @Override
  public Tensor optimiserState() {
    float[] state = owner.dl4jOptimiserState();
    return state.length == 0 ? Tensor.of(new int[] {0}, new float[0]) : Tensor.of(new int[] {state.length}, state);
  }

  @Override
  public void restore(Tensor parameters, Tensor optimiser, int iteration) {
    if (parameters.size() != owner.parameterCount()) {
      throw new IllegalArgumentException("state of " + parameters.size() + " parameters for a partition of " + owner.parameterCount());
    }
    owner.setDl4jParameters(parameters.toFloats());
    owner.setDl4jOptimiserState(optimiser.size() == 0 ? new float[2 * owner.parameterCount()] : optimiser.toFloats(), iteration);
    for (Pass p : passes) p.inFlight = false;
    keep = 0f;
  }

  /** Buffers for a pass of {@code samples} that no pass in flight holds: reused, grown, or new. */
  private Pass free(int samples) {
    Pass pass = passes.stream().filter(p -> !p.inFlight).findFirst().orElse(null);
    if (pass == null) {
      pass = new Pass(new FastCnn(owner, samples));
      passes.add(pass);
    } else if (pass.net.maxBatch() < samples) {
      pass.net = new FastCnn(owner, samples);
    }
    return pass;
  }

  /** Keeps a training batch's size and shape in {@code pass}; the batch channels last. */
  private float[] load(Pass pass, INDArray batch) {
    pass.batch = (int) batch.size(0);
    pass.inputDims = batch.shape();
    return channelsLast(NdArrays.toFloats(batch), inputShape, pass.batch);
  }

  /** DL4J's error at the input (of the summed loss) from {@link FastCnn}'s (of the mean loss). */
  private INDArray inputError(float[] channelsLast) {
    float[] error = channelsFirst(channelsLast, inputShape, current.batch);
    for (int i = 0; i < error.length; i++) error[i] *= current.batch;
    return stepArrays.add(NdArrays.fromFloats(error, current.inputDims));
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
