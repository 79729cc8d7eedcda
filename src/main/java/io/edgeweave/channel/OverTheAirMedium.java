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
 *
 * <p>With pilots ({@link MimoSpec#estimation()}), each coherence block's first forward message is preceded by the
 * pilots, the receiver equalises what arrives with its estimate (see {@link PilotEstimation}) and sends its error
 * back through the equaliser's transpose, so the transmitter needs no estimate of its own (ADR 22).
 */
public final class OverTheAirMedium extends MimoMedium {
  private static final long SCALE_BYTES = Float.BYTES;
  private static final long TEST_PILOTS = 1;

  private final long pilotSeed;
  private double[][] weightsOf;
  private double weightsGain;
  private INDArray weights;
  private EqualiserKey equalisedFor;
  private INDArray equaliser;

  /** @param pilotSeed the stream of the pilots' noise, e.g. {@code Seeds.derive(scenarioSeed, "pilots/" + linkId)} */
  public OverTheAirMedium(MimoChannel channel, long pilotSeed) {
    super(channel);
    this.pilotSeed = pilotSeed;
  }

  @Override
  public Carried carry(
      Direction direction, Tensor values, long sideBytes, int step, long noiseSeed, LinkConditions conditions) {
    int epoch = conditions.channelEpoch();
    int epochsBefore = channel.epochStarts().size();
    double[][] h = channel.at(step, epoch);
    boolean newChannel = step == 0 || channel.blockOf(step) != channel.blockOf(step - 1)
        || channel.epochStarts().size() > epochsBefore;
    double pilotUses = direction == Direction.FORWARD && newChannel ? channel.spec().estimation().pilots() : 0;
    long pilots = StreamSeed.of(pilotSeed, epoch, channel.blockOf(step));
    return send(direction, values, sideBytes, h, pilots, pilotUses, noiseSeed, conditions);
  }

  @Override
  public Tensor carryTest(Tensor values, int step, long noiseSeed, long channelSeed, LinkConditions conditions) {
    double[][] h = channel.nextBlockRealisation(step, conditions.channelEpoch(), channelSeed);
    long pilots = StreamSeed.of(channelSeed, TEST_PILOTS);
    return send(Direction.FORWARD, values, 0, h, pilots, 0, noiseSeed, conditions).values();
  }

  /** @param pilots the seed of the noise on this channel's pilots; {@code pilotUses} the pilots this message pays for */
  private Carried send(Direction direction, Tensor values, long sideBytes, double[][] h, long pilots, double pilotUses,
      long noiseSeed, LinkConditions conditions) {
    MimoSpec spec = channel.spec();
    boolean forward = direction == Direction.FORWARD;
    long[] shape = Arrays.stream(values.shape()).asLongStream().toArray();
    long expected = forward ? spec.transmitDims() : spec.combinerDims();
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
    INDArray e = spec.estimation().enabled()
        ? equaliser(new EqualiserKey(h, gain, conditions.snrDb(spec.snrDb()), pilots)) : null;
    INDArray received;
    if (forward) {
      received = OverTheAir.forward(rows, w, noise, rng);
      if (e != null) received = PilotEstimation.equalise(received, e);
    } else {
      INDArray sent = e == null ? rows : PilotEstimation.throughEqualiser(rows, e);
      received = OverTheAir.backward(sent, ChannelUses.perSample(shape), w, noise, spec.power(), rng);
    }
    long uses = rows.rows();
    long digital = sideBytes + (forward ? 0 : SCALE_BYTES * shape[0]);
    double digitalUses = digital == 0 ? 0 : digital * 8.0 / DigitalOverMimo.capacity(spec, h, gain, snrDb, direction);
    double totalUses = uses + digitalUses + pilotUses;
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

  /** The receiver's equaliser Eᵀ as dense weights, estimated from the key's pilots; rebuilt only when the key changes. */
  private INDArray equaliser(EqualiserKey key) {
    if (!key.equals(equalisedFor)) {
      MimoSpec spec = channel.spec();
      double noise = OverTheAir.noiseVariancePerDimension(spec, key.snrDb());
      PilotEstimation.Estimate estimate = PilotEstimation.overTheAir(spec, key.h(), key.gain(), noise, key.pilots());
      equaliser = OverTheAir.weights(PilotEstimation.equaliser(spec, estimate, noise), 1);
      equalisedFor = key;
    }
    return equaliser;
  }

  /** What an equaliser depends on: the channel (by identity), its gain, the forward SNR and the pilots' noise seed. */
  private record EqualiserKey(double[][] h, double gain, double snrDb, long pilots) {}
}
