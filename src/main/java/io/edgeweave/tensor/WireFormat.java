package io.edgeweave.tensor;

/**
 * The encodings a split network's messages use: {@code input} for the raw samples (activation 0),
 * {@code activations} for every block's output, the network's output included.
 */
public record WireFormat(Encoding input, Encoding activations) {
  /** Everything as float32. */
  public static final WireFormat FLOAT32 = new WireFormat(Encoding.FLOAT32, Encoding.FLOAT32);

  /** The encoding of activation {@code k}: the input for 0, else the output of block {@code k - 1}. */
  public Encoding of(int k) {
    return k == 0 ? input : activations;
  }

  /** {@code input uint8, activations float32}. */
  @Override
  public String toString() {
    return "input " + input.label() + ", activations " + activations.label();
  }
}
