package io.edgeweave.plan;

import io.edgeweave.nn.FlopCount;
import io.edgeweave.scenario.LayerDef;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NetworkPlan;
import io.edgeweave.tensor.WireFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A network as a chain of blocks that run one after the other: each block takes the previous block's
 * output (the first takes the input sample) and may run on another node. What crosses a link between two
 * blocks is encoded as {@code wire} says, in the cost model as in the runtime.
 *
 * @param inputsPerSample values of one input sample
 */
public record BlockChain(long inputsPerSample, List<Block> blocks, WireFormat wire) {
  public BlockChain {
    blocks = List.copyOf(blocks);
  }

  /**
   * The model's layers, one block each (a convolution with its pooling, a hidden dense layer, the output layer);
   * costs as the runtime counts them, and a block's output is what a cut after it sends (a pooled feature map).
   */
  public static BlockChain of(ModelSpec model, WireFormat wire) {
    List<Integer> everyCut = IntStream.range(1, model.layerCount()).boxed().toList();
    NetworkPlan plan = NetworkPlan.of(model, everyCut, List.of());
    List<Block> blocks = new ArrayList<>();
    for (int j = 0; j < model.layerCount(); j++) {
      FlopCount flops = FlopCount.of(plan, j);
      List<LayerDef> layers = plan.partition(j);
      int outputs = layers.get(layers.size() - 1).output().size();
      blocks.add(new Block(name(model, j, outputs), flops.forwardPerSample(), flops.parameters(), outputs));
    }
    return new BlockChain(model.inputs(), blocks, wire);
  }

  private static String name(ModelSpec model, int j, int outputs) {
    if (j < model.convolutions().size()) return Architectures.name(model.convolutions().get(j));
    return (j == model.layerCount() - 1 ? "out" : "dense") + outputs;
  }

  public int size() {
    return blocks.size();
  }

  public Block block(int k) {
    return blocks.get(k);
  }

  /** Values per sample of activation {@code k}: the input for 0, else the output of block {@code k - 1}. */
  public long valuesPerSample(int k) {
    return k == 0 ? inputsPerSample : blocks.get(k - 1).outputsPerSample();
  }

  /** Bytes of activation {@code k} of {@code samples} samples on the wire (header not included). */
  public long activationBytes(int k, int samples) {
    return wire.of(k).bytes(valuesPerSample(k) * samples);
  }
}
