package io.edgeweave.channel;

/**
 * What a link has done so far: its model's memory and its counters. Enough to carry on elsewhere exactly where it
 * stopped.
 */
public record LinkState(
    DigitalLinkModel.State model, long bytesSent, long messagesSent, long messagesDropped, long messagesDuplicated) {}
