package io.edgeweave.channel;

import java.util.List;

/** A medium on a MIMO channel: it owns the link's {@link MimoChannel} and checkpoints where its epochs began. */
public abstract sealed class MimoMedium implements Medium permits OverTheAirMedium, QuantisedMimoMedium {
  protected final MimoChannel channel;

  protected MimoMedium(MimoChannel channel) {
    this.channel = channel;
  }

  @Override
  public final List<Integer> channelEpochStarts() {
    return channel.epochStarts();
  }

  @Override
  public final void restoreChannelEpochStarts(List<Integer> starts) {
    channel.restoreEpochStarts(starts);
  }
}
