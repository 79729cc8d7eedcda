package io.edgeweave.channel;

import io.edgeweave.fault.LinkConditions;
import io.edgeweave.scenario.MimoSpec;
import io.edgeweave.tensor.Tensor;

/**
 * The digital baseline on a MIMO channel: every value quantised to b bits (with the tensor's minimum and
 * maximum sent along), all bits sent error-free at the channel's Shannon capacity under the current
 * channel, SNR and fades.
 */
public final class QuantisedMimoMedium implements Medium {
  private static final long RANGE_BYTES = 2L * Float.BYTES;

  private final MimoChannel channel;

  public QuantisedMimoMedium(MimoChannel channel) {
    this.channel = channel;
  }

  @Override
  public Carried carry(
      Direction direction, Tensor values, long sideBytes, int step, long noiseSeed, LinkConditions conditions) {
    MimoSpec spec = channel.spec();
    double snrDb = conditions.snrDb(direction == Direction.FORWARD ? spec.snrDb() : spec.backwardSnrDb());
    double capacity =
        DigitalOverMimo.capacity(spec, channel.at(step, conditions.channelEpoch()), conditions.amplitudeGain(), snrDb);
    double bits = (double) values.size() * spec.bits() + (sideBytes + RANGE_BYTES) * 8.0;
    double uses = bits / capacity;
    Tensor received = Tensor.of(DigitalOverMimo.quantise(values.toINDArray(), spec.bits()));
    return new Carried(received, uses / spec.bandwidthHz() * 1000, (long) Math.ceil(bits / 8), uses);
  }
}
