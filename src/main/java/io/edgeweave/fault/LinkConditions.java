package io.edgeweave.fault;

/**
 * The state of one link for one message: its baseline from the scenario with the active faults applied.
 *
 * @param bitsPerSecond transmission rate
 * @param loss probability that the message is dropped
 * @param duplicate probability that the message is delivered twice
 * @param reorder probability that the message is held back so that later ones overtake it
 * @param extraDelayMs fixed delay added by delay faults
 * @param extraJitterMs upper bound of a uniform delay added by delay faults
 * @param partitioned whether the link carries nothing at all
 * @param snrDb a MIMO link's SNR set by a fault, or NaN for the link's own
 * @param gainDb a MIMO link's channel gain from fades (0 dB: none)
 * @param channelEpoch channel jumps so far: the MIMO channel is redrawn at each
 */
public record LinkConditions(
    double bitsPerSecond,
    double loss,
    double duplicate,
    double reorder,
    double extraDelayMs,
    double extraJitterMs,
    boolean partitioned,
    double snrDb,
    double gainDb,
    int channelEpoch) {

  /** The SNR of a MIMO link in one direction: the faulted one, else the link's own. */
  public double snrDb(double own) {
    return Double.isNaN(snrDb) ? own : snrDb;
  }

  /** The channel's amplitude factor from fades. */
  public double amplitudeGain() {
    return Math.pow(10, gainDb / 20);
  }
}
