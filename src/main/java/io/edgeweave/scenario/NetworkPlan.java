package io.edgeweave.scenario;

import io.edgeweave.scenario.LayerDef.Channel;
import io.edgeweave.scenario.LayerDef.Conv;
import io.edgeweave.scenario.LayerDef.Dense;
import io.edgeweave.scenario.LayerDef.Output;
import io.edgeweave.scenario.LayerDef.Pool;
import io.edgeweave.scenario.LayerDef.PowerNormalization;
import io.edgeweave.scenario.LayerDef.Precoder;
import io.edgeweave.scenario.TensorShape.Flat;
import io.edgeweave.scenario.TensorShape.Grid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The layers a model is built of when it is cut along a path, and which of them each partition holds.
 *
 * <p>At a cut over a {@code mimo-oac} link, the layer that follows the cut is realised over the air as
 * A·H·B: the transmitter's partition ends in a precoder B (to the channel's real transmit dimensions) and
 * a power normalisation; the channel H follows (in no partition: only the link knows it); the receiver's
 * partition starts with the combiner A. On a flat activation the combiner is the next layer of the model
 * itself, taking the receive dimensions as its input; on a feature map it is an added 1×1 convolution back
 * to the feature map's channels, so precoder and combiner act at every position. At a cut over a
 * {@code mimo-digital} link with {@code payload = precoder} the same precoder, normalisation and combiner
 * surround the cut without a channel between them: the bottleneck of the over-the-air link, sent digitally.
 *
 * @param layers all layers in order, channels included
 * @param partitions the layers of each partition, as index ranges into {@code layers}
 */
public record NetworkPlan(ModelSpec model, List<LayerDef> layers, List<Range> partitions) {

  /** Layers {@code [from, to)}. */
  public record Range(int from, int to) {}

  public NetworkPlan {
    layers = List.copyOf(layers);
    partitions = List.copyOf(partitions);
  }

  /** The model in one piece. */
  public static NetworkPlan of(ModelSpec model) {
    return of(model, List.of(), List.of());
  }

  /**
   * The model cut at {@code cuts} (model layer indices, increasing), with the over-the-air channel of
   * each cut, or {@code null} where the cut's link is not over the air.
   */
  public static NetworkPlan of(ModelSpec model, List<Integer> cuts, List<MimoSpec> overTheAir) {
    List<Bottleneck> bottlenecks = new ArrayList<>();
    for (MimoSpec m : overTheAir) bottlenecks.add(m == null ? null : new Bottleneck(m, true));
    return build(model, cuts, bottlenecks);
  }

  /**
   * The precoder–combiner bottleneck at a cut: the MIMO link's dimensions, and whether its channel sits between
   * them (over the air) or the precoder's values go digitally.
   */
  record Bottleneck(MimoSpec mimo, boolean overTheAir) {}

  private static NetworkPlan build(ModelSpec model, List<Integer> cuts, List<Bottleneck> bottlenecks) {
    if (bottlenecks.size() != cuts.size() && !bottlenecks.isEmpty()) {
      throw new IllegalArgumentException(cuts.size() + " cuts, " + bottlenecks.size() + " links");
    }
    List<LayerDef> layers = new ArrayList<>();
    List<Range> partitions = new ArrayList<>();
    TensorShape shape = model.inputShape();
    int partitionStart = 0;
    for (int j = 0; j < model.layerCount(); j++) {
      int cut = cuts.indexOf(j);
      if (cut >= 0) {
        Bottleneck bottleneck = bottlenecks.isEmpty() ? null : bottlenecks.get(cut);
        if (bottleneck == null) {
          partitions.add(new Range(partitionStart, layers.size()));
          partitionStart = layers.size();
        } else {
          TensorShape beforeLink = shape;
          MimoSpec mimo = bottleneck.mimo();
          shape = add(layers, new Precoder(shape, mimo.transmitDims()));
          shape = add(layers, new PowerNormalization(shape, mimo.power()));
          partitions.add(new Range(partitionStart, layers.size()));
          if (bottleneck.overTheAir()) shape = add(layers, new Channel(shape, mimo.combinerDims()));
          partitionStart = layers.size();
          if (shape instanceof Grid received) {
            shape = add(layers, new Conv(received, ((Grid) beforeLink).channels(), 1, model.activation()));
          }
        }
      }
      shape = addModelLayer(layers, model, j, shape);
    }
    partitions.add(new Range(partitionStart, layers.size()));
    return new NetworkPlan(model, layers, partitions);
  }

  /** The plan for split training along a path: {@code hops.get(i)} joins partition i to partition i + 1. */
  public static NetworkPlan forPath(ModelSpec model, List<Integer> cuts, List<LinkSpec> hops) {
    List<Bottleneck> bottlenecks = new ArrayList<>();
    for (LinkSpec hop : hops) {
      boolean digitalBottleneck =
          hop.kind() == LinkKind.MIMO_DIGITAL && hop.mimo().payload() == MimoSpec.Payload.PRECODER;
      bottlenecks.add(hop.kind() == LinkKind.MIMO_OAC || digitalBottleneck
          ? new Bottleneck(hop.mimo(), hop.kind() == LinkKind.MIMO_OAC) : null);
    }
    return build(model, cuts, bottlenecks);
  }

  /** The layers of model layer {@code j}: a dense layer, the output layer, or a convolution (and its pooling). */
  private static TensorShape addModelLayer(List<LayerDef> layers, ModelSpec model, int j, TensorShape shape) {
    int convolutions = model.convolutions().size();
    if (j < convolutions) {
      ConvSpec c = model.convolutions().get(j);
      Grid out = (Grid) add(layers, new Conv((Grid) shape, c.filters(), c.kernel(), model.activation()));
      return c.pool() > 1 ? add(layers, new Pool(out, c.pool())) : out;
    }
    int dense = j - convolutions;
    if (dense < model.hidden().size()) return add(layers, new Dense(shape, model.hidden().get(dense), model.activation()));
    return add(layers, new Output(shape, model.classes()));
  }

  private static TensorShape add(List<LayerDef> layers, LayerDef layer) {
    layers.add(layer);
    return layer.output();
  }

  /** The layers of partition {@code i}. */
  public List<LayerDef> partition(int i) {
    Range r = partitions.get(i);
    return Collections.unmodifiableList(layers.subList(r.from(), r.to()));
  }

  /** The shape of the activations partition {@code i} receives. */
  public TensorShape partitionInput(int i) {
    return layers.get(partitions.get(i).from()).input();
  }

  /** Whether partition {@code i} ends in the output layer. */
  public boolean isLast(int i) {
    return i == partitions.size() - 1;
  }

  public long parameters(int i) {
    return partition(i).stream().mapToLong(LayerDef::parameters).sum();
  }

  /** Bytes of float32 parameters and optimiser state to train partition {@code i}. */
  public long trainingBytes(int i) {
    return parameters(i) * model.parameterCopies() * Float.BYTES;
  }

  /** The over-the-air layers at the cut after partition {@code i}, if that cut is over the air. */
  public boolean overTheAirAfter(int i) {
    Range r = partitions.get(i);
    return r.to() < layers.size() && layers.get(r.to()) instanceof Channel;
  }

  /** Model layer {@code j}'s parameters, in the model without cuts. */
  static long modelLayerParameters(ModelSpec model, int j) {
    List<LayerDef> layers = new ArrayList<>();
    TensorShape shape = model.inputShape();
    for (int k = 0; k < j; k++) shape = addModelLayer(new ArrayList<>(), model, k, shape);
    addModelLayer(layers, model, j, shape);
    return layers.stream().mapToLong(LayerDef::parameters).sum();
  }
}
