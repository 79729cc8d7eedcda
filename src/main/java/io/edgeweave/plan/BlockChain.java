package io.edgeweave.plan;

import io.edgeweave.nn.FlopCount;
import io.edgeweave.scenario.LayerDef;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NetworkPlan;
import io.edgeweave.tensor.WireFormat;
import java.util.ArrayList;
import java.util.List;

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

  /** The dense layers of an MLP, one block each; costs as the runtime counts them. */
  public static BlockChain of(ModelSpec model, WireFormat wire) {
    List<Block> blocks = new ArrayList<>();
    List<LayerDef> layers = NetworkPlan.of(model).layers();
    for (int j = 0; j < layers.size(); j++) {
      FlopCount flops = FlopCount.of(model, j, j + 1);
      int outputs = layers.get(j).output().size();
      String name = (j == layers.size() - 1 ? "out" : "dense") + outputs;
      blocks.add(new Block(name, flops.forwardPerSample(), flops.parameters(), outputs));
    }
    return new BlockChain(model.inputs(), blocks, wire);
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
