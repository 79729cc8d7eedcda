package io.edgeweave.channel;

/**
 * What a link has done so far: its model's memory and its counters. Enough to carry on elsewhere exactly where it
 * stopped. (A MIMO channel is a function of the step and the channel epoch, and needs no memory of its own.)
 */
public record LinkState(
    DigitalLinkModel.State model,
    long bytesSent,
    long messagesSent,
    long messagesDropped,
    long messagesDuplicated,
    double channelUses) {}
