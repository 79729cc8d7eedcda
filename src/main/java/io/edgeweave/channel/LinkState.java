package io.edgeweave.channel;

import java.util.List;

/**
 * What a link has done so far: its model's memory and its counters. Enough to carry on elsewhere exactly where it
 * stopped. A MIMO channel is a function of the block and of the block at which each channel epoch began
 * ({@code channelEpochStarts}, empty on a digital link); H itself never leaves the link.
 */
public record LinkState(
    DigitalLinkModel.State model,
    long bytesSent,
    long messagesSent,
    long messagesDropped,
    long messagesDuplicated,
    double channelUses,
    List<Integer> channelEpochStarts) {

  public LinkState {
    channelEpochStarts = channelEpochStarts == null ? List.of() : List.copyOf(channelEpochStarts);
  }
}
