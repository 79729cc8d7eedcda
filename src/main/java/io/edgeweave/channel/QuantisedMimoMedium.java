package io.edgeweave.channel;

import io.edgeweave.fault.LinkConditions;
import io.edgeweave.scenario.MimoSpec;
import io.edgeweave.tensor.Tensor;

/**
 * The digital baseline on a MIMO channel: every value quantised to b bits (with the tensor's minimum and
 * maximum sent along), all bits sent error-free at the channel's Shannon capacity under the current
 * channel, SNR and fades, in the message's direction. What it carries is the cut's activations, or the
 * precoder's output when the link is the digital twin of an over-the-air bottleneck ({@link MimoSpec#payload()}).
 */
public final class QuantisedMimoMedium extends MimoMedium {
  private static final long RANGE_BYTES = 2L * Float.BYTES;

  public QuantisedMimoMedium(MimoChannel channel) {
    super(channel);
  }

  @Override
  public Carried carry(
      Direction direction, Tensor values, long sideBytes, int step, long noiseSeed, LinkConditions conditions) {
    MimoSpec spec = channel.spec();
    double snrDb = conditions.snrDb(direction == Direction.FORWARD ? spec.snrDb() : spec.backwardSnrDb());
    double[][] h = channel.at(step, conditions.channelEpoch());
    double capacity = DigitalOverMimo.capacity(spec, h, conditions.amplitudeGain(), snrDb, direction);
    double bits = (double) values.size() * spec.bits() + (sideBytes + RANGE_BYTES) * 8.0;
    double uses = bits / capacity;
    return new Carried(quantised(values), uses / spec.bandwidthHz() * 1000, (long) Math.ceil(bits / 8), uses);
  }

  /** Error-free at any channel: only the quantisation shows. */
  @Override
  public Tensor carryTest(Tensor values, int step, long noiseSeed, long channelSeed, LinkConditions conditions) {
    return quantised(values);
  }

  private Tensor quantised(Tensor values) {
    return Tensor.of(DigitalOverMimo.quantise(values.toINDArray(), channel.spec().bits()));
  }

}
