package io.edgeweave.plan;

import io.edgeweave.nn.FlopCount;
import io.edgeweave.scenario.LayerDef;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NetworkPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * A network as a chain of blocks that run one after the other: each block takes the previous block's
 * output (the first takes the input sample) and may run on another node.
 *
 * @param inputBytesPerSample bytes of one input sample (float32 features)
 */
public record BlockChain(long inputBytesPerSample, List<Block> blocks) {
  public BlockChain {
    blocks = List.copyOf(blocks);
  }

  /** The dense layers of an MLP, one block each; costs as the runtime counts them. */
  public static BlockChain of(ModelSpec model) {
    List<Block> blocks = new ArrayList<>();
    List<LayerDef> layers = NetworkPlan.of(model).layers();
    for (int j = 0; j < layers.size(); j++) {
      FlopCount flops = FlopCount.of(model, j, j + 1);
      int outputs = layers.get(j).output().size();
      String name = (j == layers.size() - 1 ? "out" : "dense") + outputs;
      blocks.add(new Block(name, flops.forwardPerSample(), flops.parameters(), (long) outputs * Float.BYTES));
    }
    return new BlockChain((long) model.inputs() * Float.BYTES, blocks);
  }

  public int size() {
    return blocks.size();
  }

  public Block block(int k) {
    return blocks.get(k);
  }

  /** Bytes per sample of activation {@code k}: the input for 0, else the output of block {@code k - 1}. */
  public long activationBytesPerSample(int k) {
    return k == 0 ? inputBytesPerSample : blocks.get(k - 1).outputBytesPerSample();
  }
}
