package io.edgeweave.nn.fast;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A feed-forward convolutional network as both engines build it: {@link FastCnn} and DL4J's
 * {@code MultiLayerNetwork} ({@link #dl4j}). The input is an image of {@code height × width × channels}
 * (given flat, row-major, channels last); layers follow in order. A network that does not end in an
 * {@link Output} is a partition of a larger one: it is trained from the error at its output.
 */
public record CnnSpec(int height, int width, int channels, List<Layer> layers) {

  public CnnSpec {
    layers = List.copyOf(layers);
    if (height < 1 || width < 1 || channels < 1) throw new IllegalArgumentException("empty input " + height + "×" + width + "×" + channels);
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i) instanceof Output && i + 1 < layers.size()) throw new IllegalArgumentException("the output layer must be last");
    }
  }

  /** A layer of the network. */
  public sealed interface Layer {}

  /**
   * Convolution with stride 1: {@code same} keeps the spatial size (odd kernels), otherwise only full
   * windows count ("valid").
   */
  public record Conv(int filters, int kernel, boolean same, boolean relu, boolean bias) implements Layer {
    public Conv {
      if (filters < 1 || kernel < 1 || (same && kernel % 2 == 0)) {
        throw new IllegalArgumentException("convolution of " + filters + " filters of " + kernel + "×" + kernel + (same ? " (same)" : ""));
      }
    }
  }

  /** Max pooling over non-overlapping {@code size × size} windows (a trailing row or column that does not fill one is dropped). */
  public record MaxPool(int size) implements Layer {
    public MaxPool {
      if (size < 1) throw new IllegalArgumentException("pool size " + size);
    }
  }

  /** A fully connected layer on the flattened input (with a bias unless {@code bias} is false). */
  public record Dense(int outputs, boolean relu, boolean bias) implements Layer {
    public Dense {
      if (outputs < 1) throw new IllegalArgumentException("dense layer of " + outputs);
    }

    public Dense(int outputs, boolean relu) {
      this(outputs, relu, true);
    }
  }

  /**
   * The transmit power constraint of {@code nn.PowerNormalization}: each sample's block z becomes
   * √(P·U)·z/‖z‖, with U the positions of a feature map (1 for a vector).
   */
  public record PowerNorm(double power) implements Layer {
    public PowerNorm {
      if (!(power > 0)) throw new IllegalArgumentException("power " + power);
    }
  }

  /** Dense to {@code classes} logits, softmax, cross-entropy averaged over the batch. */
  public record Output(int classes) implements Layer {
    public Output {
      if (classes < 2) throw new IllegalArgumentException("output of " + classes + " classes");
    }
  }

  /** Conv 5×5 valid (16), pool 2, conv 5×5 valid (32), pool 2, dense 128, 10 classes, on 28×28×1. */
  public static CnnSpec lenet() {
    return twoBlocks(false);
  }

  /** The OAC CNN's network: as {@link #lenet()} with same padding (its 32×7×7 map into dense 128). */
  public static CnnSpec oacCnn() {
    return twoBlocks(true);
  }

  private static CnnSpec twoBlocks(boolean same) {
    return new CnnSpec(
        28, 28, 1,
        List.of(new Conv(16, 5, same, true, true), new MaxPool(2), new Conv(32, 5, same, true, true), new MaxPool(2),
            new Dense(128, true), new Output(10)));
  }

  /** Sizes of the feature map after each layer: {@code [height, width, channels]} (a vector is {@code [1, 1, n]}). */
  public List<int[]> shapes() {
    List<int[]> shapes = new ArrayList<>();
    int h = height, w = width, c = channels;
    for (Layer layer : layers) {
      if (layer instanceof Conv conv) {
        if (!conv.same()) {
          h -= conv.kernel() - 1;
          w -= conv.kernel() - 1;
        }
        c = conv.filters();
      } else if (layer instanceof MaxPool pool) {
        h /= pool.size();
        w /= pool.size();
      } else if (!(layer instanceof PowerNorm)) {
        c = layer instanceof Dense dense ? dense.outputs() : ((Output) layer).classes();
        h = w = 1;
      }
      if (h < 1 || w < 1) throw new IllegalArgumentException("the feature map vanishes at " + layer);
      shapes.add(new int[] {h, w, c});
    }
    return shapes;
  }

  /** Floating-point operations of one training sample's matrix products (forward, weight and input gradients). */
  public long trainingFlopsPerSample() {
    long flops = 0;
    int[] in = {height, width, channels};
    List<int[]> shapes = shapes();
    for (int i = 0; i < layers.size(); i++) {
      int[] out = shapes.get(i);
      Layer layer = layers.get(i);
      long window = layer instanceof Conv conv ? (long) conv.kernel() * conv.kernel() * in[2] : (long) in[0] * in[1] * in[2];
      long multiplyAdds = layer instanceof MaxPool || layer instanceof PowerNorm ? 0 : window * out[0] * out[1] * out[2];
      flops += 2 * multiplyAdds * (i == 0 ? 2 : 3);
      in = out;
    }
    return flops;
  }

  /** The same network for DL4J: float32, Xavier initialisation from {@code seed}, Adam at {@code learningRate}. */
  public MultiLayerConfiguration dl4j(long seed, double learningRate) {
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(DataType.FLOAT)
            .weightInit(WeightInit.XAVIER)
            .updater(new Adam(learningRate))
            .list();
    for (Layer layer : layers) {
      list.layer(dl4j(layer));
    }
    return list.setInputType(InputType.convolutionalFlat(height, width, channels)).build();
  }

  private static org.deeplearning4j.nn.conf.layers.Layer dl4j(Layer layer) {
    if (layer instanceof Conv c) {
      return new ConvolutionLayer.Builder(c.kernel(), c.kernel())
          .stride(1, 1)
          .convolutionMode(c.same() ? ConvolutionMode.Same : ConvolutionMode.Truncate)
          .nOut(c.filters())
          .hasBias(c.bias())
          .activation(c.relu() ? Activation.RELU : Activation.IDENTITY)
          .build();
    } else if (layer instanceof MaxPool p) {
      return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
          .kernelSize(p.size(), p.size())
          .stride(p.size(), p.size())
          .build();
    } else if (layer instanceof Dense d) {
      return new DenseLayer.Builder()
          .nOut(d.outputs())
          .hasBias(d.bias())
          .activation(d.relu() ? Activation.RELU : Activation.IDENTITY)
          .build();
    } else if (layer instanceof PowerNorm) {
      throw new IllegalArgumentException("power normalisation is built by nn.Networks, not here");
    }
    Output o = (Output) layer;
    return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(o.classes()).activation(Activation.SOFTMAX).build();
  }
}
