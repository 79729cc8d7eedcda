package io.edgeweave.channel;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The vectors a tensor sends over a MIMO channel, one per channel use: the rows of a [samples, dims]
 * matrix, or the positions of an NCHW feature map (its channels are the antenna dimensions there).
 */
final class ChannelUses {
  private ChannelUses() {}

  /** One row per channel use: [samples·positions, dims]. */
  static INDArray rows(INDArray values) {
    if (values.rank() == 2) return values;
    long[] s = values.shape();
    return values.permute(0, 2, 3, 1).dup('c').reshape(s[0] * s[2] * s[3], s[1]);
  }

  /** Rows back in the layout of {@code like} (NCHW with the rows' width as channels, or rows as they are). */
  static INDArray restore(INDArray rows, long[] like) {
    if (like.length == 2) return rows;
    return rows.reshape(like[0], like[2], like[3], rows.columns()).permute(0, 3, 1, 2).dup('c');
  }

  /** Channel uses of one sample: 1 for a flat tensor, height·width for a feature map. */
  static int perSample(long[] shape) {
    return shape.length == 2 ? 1 : Math.toIntExact(shape[2] * shape[3]);
  }

  /** Real dimensions of one channel use of a tensor: its columns, or its channels. */
  static long dims(long[] shape) {
    return shape[1];
  }
}
