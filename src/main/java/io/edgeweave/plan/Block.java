package io.edgeweave.plan;

/**
 * One block of a network as the planner sees it: what running it costs, what it holds, and what it emits.
 *
 * @param forwardFlopsPerSample FLOPs of one sample's forward pass (the runtime's {@code FlopCount})
 * @param parameters float32 parameters the node hosting the block keeps in memory
 * @param outputsPerSample values of the activation the block emits per sample
 */
public record Block(String name, long forwardFlopsPerSample, long parameters, long outputsPerSample) {
  public Block {
    if (forwardFlopsPerSample < 0 || parameters < 0 || outputsPerSample < 0) {
      throw new IllegalArgumentException("block " + name + ": costs must not be negative");
    }
  }

  /** Bytes of memory the block's parameters take on its node. */
  public long memoryBytes() {
    return parameters * Float.BYTES;
  }
}
