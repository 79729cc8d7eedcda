package io.edgeweave.channel;

import io.edgeweave.fault.LinkConditions;
import io.edgeweave.tensor.Tensor;

/** A digital link: values arrive as sent, after 8·bytes / rate. */
public final class DigitalMedium implements Medium {
  @Override
  public Carried carry(
      Direction direction, Tensor values, long sideBytes, int step, long noiseSeed, LinkConditions conditions) {
    long bytes = values.byteSize() + sideBytes;
    return new Carried(values, bytes * 8.0 / conditions.bitsPerSecond() * 1000, bytes, 0);
  }

  @Override
  public Tensor carryTest(Tensor values, int step, long noiseSeed, long channelSeed, LinkConditions conditions) {
    return values;
  }
}
