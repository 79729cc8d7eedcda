package io.edgeweave.channel;

import io.edgeweave.fault.LinkConditions;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.Seeds;
import io.edgeweave.tensor.Tensor;
import java.util.List;

/**
 * What a link's physical medium does to one message: the values as the far end receives them, how long
 * they occupy the medium, and what they cost in bytes and channel uses. A digital link passes values
 * through; an over-the-air link sends them through its MIMO channel; the digital MIMO baseline quantises
 * them and sends them at the channel's Shannon rate. Not thread-safe: the link actor owns it.
 */
public sealed interface Medium permits DigitalMedium, MimoMedium {

  /**
   * @param direction FORWARD carries activations from the link's {@code from} end, BACKWARD errors back
   * @param values the message's tensor: rows of samples, or NCHW feature maps
   * @param sideBytes bytes that travel digitally beside the values (labels, header)
   * @param step the training step, which sets the channel's coherence block
   * @param noiseSeed the seed of this transmission's noise
   */
  Carried carry(
      Direction direction, Tensor values, long sideBytes, int step, long noiseSeed, LinkConditions conditions);

  /**
   * A test batch forward, as the far end receives it, over a realisation of the channel's coherence block after
   * {@code step}'s drawn from {@code channelSeed} (see {@link MimoChannel#nextBlockRealisation}): evaluation sees
   * the channel's spread, not one matrix. Nothing is accounted.
   */
  Tensor carryTest(Tensor values, int step, long noiseSeed, long channelSeed, LinkConditions conditions);

  /** The block at which each epoch of the link's MIMO channel began, for a checkpoint; empty without one. */
  default List<Integer> channelEpochStarts() {
    return List.of();
  }

  /** Continues the channel from {@link #channelEpochStarts()} of a checkpoint. */
  default void restoreChannelEpochStarts(List<Integer> starts) {}

  /**
   * @param bytes bytes sent digitally (none for analog symbols)
   * @param channelUses uses of the wireless channel (0 on a digital link)
   */
  record Carried(Tensor values, double airtimeMs, long bytes, double channelUses) {}

  /** The medium of a link; a MIMO channel draws its matrices from the scenario seed and the link id. */
  static Medium of(LinkSpec link, long scenarioSeed) {
    return switch (link.kind()) {
      case DIGITAL -> new DigitalMedium();
      case MIMO_OAC -> new OverTheAirMedium(
          new MimoChannel(link.mimo(), channelSeed(scenarioSeed, link)), Seeds.derive(scenarioSeed, "pilots/" + link.id()));
      case MIMO_DIGITAL -> new QuantisedMimoMedium(new MimoChannel(link.mimo(), channelSeed(scenarioSeed, link)));
    };
  }

  private static long channelSeed(long scenarioSeed, LinkSpec link) {
    return Seeds.derive(scenarioSeed, "channel/" + link.id());
  }
}
