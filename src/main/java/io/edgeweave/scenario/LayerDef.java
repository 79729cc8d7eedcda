package io.edgeweave.scenario;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.edgeweave.scenario.TensorShape.Flat;
import io.edgeweave.scenario.TensorShape.Grid;

/**
 * One layer of a network as it is built: a layer of the model, or a part of an over-the-air link placed
 * at a cut (precoder and power normalisation at the transmitter, the channel itself, a 1×1 combiner at the
 * receiver of a feature map). Pure description: {@code nn.Networks} turns it into a DL4J layer.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(LayerDef.Dense.class),
  @JsonSubTypes.Type(LayerDef.Output.class),
  @JsonSubTypes.Type(LayerDef.Conv.class),
  @JsonSubTypes.Type(LayerDef.Pool.class),
  @JsonSubTypes.Type(LayerDef.Precoder.class),
  @JsonSubTypes.Type(LayerDef.PowerNormalization.class),
  @JsonSubTypes.Type(LayerDef.Channel.class)
})
public sealed interface LayerDef {
  TensorShape input();

  TensorShape output();

  long parameters();

  /** Floating-point operations of the forward pass for one sample (multiply-add = 2). */
  long forwardFlops();

  /** Fully connected with bias; a grid input is flattened. */
  record Dense(TensorShape input, int outputs, String activation) implements LayerDef {
    @Override
    public TensorShape output() {
      return new Flat(outputs);
    }

    @Override
    public long parameters() {
      return (long) input.size() * outputs + outputs;
    }

    @Override
    public long forwardFlops() {
      return 2L * input.size() * outputs;
    }
  }

  /** Softmax output layer trained with cross-entropy. */
  record Output(TensorShape input, int classes) implements LayerDef {
    @Override
    public TensorShape output() {
      return new Flat(classes);
    }

    @Override
    public long parameters() {
      return (long) input.size() * classes + classes;
    }

    @Override
    public long forwardFlops() {
      return 2L * input.size() * classes;
    }
  }

  /** Convolution with bias, stride 1, same padding. */
  record Conv(Grid input, int filters, int kernel, String activation) implements LayerDef {
    @Override
    public Grid output() {
      return new Grid(filters, input.height(), input.width());
    }

    @Override
    public long parameters() {
      return (long) kernel * kernel * input.channels() * filters + filters;
    }

    @Override
    public long forwardFlops() {
      return 2L * kernel * kernel * input.channels() * filters * input.positions();
    }
  }

  /** Max pooling over {@code size × size} windows with stride {@code size}. */
  record Pool(Grid input, int size) implements LayerDef {
    @Override
    public Grid output() {
      return new Grid(input.channels(), input.height() / size, input.width() / size);
    }

    @Override
    public long parameters() {
      return 0;
    }

    @Override
    public long forwardFlops() {
      return input.size();
    }
  }

  /**
   * The transmitter's trainable precoder B: a linear map without bias to the channel's real transmit
   * dimensions (a 1×1 convolution on a grid, applied at every position).
   */
  record Precoder(TensorShape input, int dims) implements LayerDef {
    @Override
    public TensorShape output() {
      return input instanceof Grid g ? new Grid(dims, g.height(), g.width()) : new Flat(dims);
    }

    @Override
    public long parameters() {
      return (long) channels(input) * dims;
    }

    @Override
    public long forwardFlops() {
      return 2L * channels(input) * dims * positions(input);
    }
  }

  /** Scales each transmitted vector (a sample, or a position of a grid) to the transmit power. */
  record PowerNormalization(TensorShape input, double power) implements LayerDef {
    @Override
    public TensorShape output() {
      return input;
    }

    @Override
    public long parameters() {
      return 0;
    }

    @Override
    public long forwardFlops() {
      return 3L * input.size();
    }
  }

  /**
   * The MIMO channel H as a frozen linear map from transmit to receive dimensions ({@code outputDims}; the
   * equalised transmit dimensions, E·H, when the link estimates H from pilots). It lives in the link only; networks
   * of reference (tests) contain it, partitions never do.
   */
  record Channel(TensorShape input, int outputDims) implements LayerDef {
    @Override
    public TensorShape output() {
      return input instanceof Grid g ? new Grid(outputDims, g.height(), g.width()) : new Flat(outputDims);
    }

    @Override
    public long parameters() {
      return (long) channels(input) * outputDims;
    }

    @Override
    public long forwardFlops() {
      return 2L * channels(input) * outputDims * positions(input);
    }
  }

  /** Channels of a grid, or the size of a flat vector: the width of one channel use. */
  static int channels(TensorShape shape) {
    return shape instanceof Grid g ? g.channels() : shape.size();
  }

  /** Positions of a grid, 1 for a flat vector: the channel uses per sample. */
  static int positions(TensorShape shape) {
    return shape instanceof Grid g ? g.positions() : 1;
  }
}
