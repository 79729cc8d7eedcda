package io.edgeweave.channel;

import io.edgeweave.fault.LinkConditions;
import io.edgeweave.scenario.MimoSpec;
import io.edgeweave.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An over-the-air link: activations go through the MIMO channel as analog symbols (one channel use per
 * sample, or per position of a feature map), errors come back over the reciprocal channel (see
 * {@link OverTheAir}). Labels, the header and the per-sample scales of the errors travel digitally at the
 * channel's Shannon rate. Only this object knows H.
 */
public final class OverTheAirMedium extends MimoMedium {
  private static final long SCALE_BYTES = Float.BYTES;

  private double[][] weightsOf;
  private double weightsGain;
  private INDArray weights;

  public OverTheAirMedium(MimoChannel channel) {
    super(channel);
  }

  @Override
  public Carried carry(
      Direction direction, Tensor values, long sideBytes, int step, long noiseSeed, LinkConditions conditions) {
    return send(direction, values, sideBytes, channel.at(step, conditions.channelEpoch()), noiseSeed, conditions);
  }

  @Override
  public Tensor carryTest(Tensor values, int step, long noiseSeed, long channelSeed, LinkConditions conditions) {
    double[][] h = channel.nextBlockRealisation(step, conditions.channelEpoch(), channelSeed);
    return send(Direction.FORWARD, values, 0, h, noiseSeed, conditions).values();
  }

  private Carried send(
      Direction direction, Tensor values, long sideBytes, double[][] h, long noiseSeed, LinkConditions conditions) {
    MimoSpec spec = channel.spec();
    boolean forward = direction == Direction.FORWARD;
    long[] shape = Arrays.stream(values.shape()).asLongStream().toArray();
    long expected = forward ? spec.transmitDims() : spec.receiveDims();
    if (shape.length < 2 || ChannelUses.dims(shape) != expected) {
      throw new IllegalArgumentException("over-the-air link expects " + expected + " values per channel use "
          + (forward ? "from the precoder" : "of errors") + ", got a tensor of shape " + Arrays.toString(shape));
    }
    double gain = conditions.amplitudeGain();
    double snrDb = conditions.snrDb(forward ? spec.snrDb() : spec.backwardSnrDb());
    double noise = OverTheAir.noiseVariancePerDimension(spec, snrDb);
    INDArray rows = ChannelUses.rows(values.toINDArray());
    SplittableRandom rng = new SplittableRandom(noiseSeed);
    INDArray w = weights(h, gain);
    INDArray received = forward
        ? OverTheAir.forward(rows, w, noise, rng)
        : OverTheAir.backward(rows, ChannelUses.perSample(shape), w, noise, spec.power(), rng);
    long uses = rows.rows();
    long digital = sideBytes + (forward ? 0 : SCALE_BYTES * shape[0]);
    double digitalUses = digital == 0 ? 0 : digital * 8.0 / DigitalOverMimo.capacity(spec, h, gain, snrDb, direction);
    double totalUses = uses + digitalUses;
    return new Carried(
        Tensor.of(ChannelUses.restore(received, shape)), totalUses / spec.bandwidthHz() * 1000, digital, totalUses);
  }

  /** gain·Hᵀ as dense weights, rebuilt only when the channel or the gain changes. */
  private INDArray weights(double[][] h, double gain) {
    if (h != weightsOf || gain != weightsGain) {
      weights = OverTheAir.weights(h, gain);
      weightsOf = h;
      weightsGain = gain;
    }
    return weights;
  }
}
