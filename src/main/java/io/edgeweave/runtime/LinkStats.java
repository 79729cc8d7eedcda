package io.edgeweave.runtime;

/**
 * What a link of any workload has carried so far.
 *
 * @param channelUses uses of the wireless channel by training messages (0 on a digital link)
 */
public record LinkStats(
    String linkId,
    long bytesSent,
    long messagesSent,
    long messagesDropped,
    long messagesDuplicated,
    double channelUses)
    implements CborSerializable {}
