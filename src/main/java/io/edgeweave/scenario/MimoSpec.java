package io.edgeweave.scenario;

/**
 * The wireless MIMO channel of a {@code mimo-oac} or {@code mimo-digital} link. A complex channel is used in
 * its real block form, so its real dimensions are twice its antenna counts.
 *
 * @param snrDb forward signal-to-noise ratio per receive antenna; {@code +∞} for no noise
 * @param backwardSnrDb the same for the errors sent back over the reciprocal channel
 * @param bandwidthHz channel uses per second
 * @param power transmit power per channel use (the precoder's output is normalised to it)
 * @param rho Gauss–Markov correlation of consecutive coherence blocks ({@code quasi-static})
 * @param coherenceSteps training steps per coherence block ({@code quasi-static}, {@code rayleigh-block})
 * @param transmitCorrelation exponential correlation of neighbouring transmit antennas (Kronecker model)
 * @param receiveCorrelation the same for receive antennas
 * @param bits bits per value of a {@code mimo-digital} link (0 for over-the-air links)
 * @param payload what a {@code mimo-digital} link carries across its cut
 */
public record MimoSpec(
    int transmitAntennas,
    int receiveAntennas,
    boolean complexEntries,
    ChannelModel model,
    double rho,
    int coherenceSteps,
    double transmitCorrelation,
    double receiveCorrelation,
    double snrDb,
    double backwardSnrDb,
    double bandwidthHz,
    double power,
    int bits,
    Payload payload) {

  /** What a digital MIMO link sends across its cut. */
  public enum Payload {
    /** The activations of the layer before the cut, as they are. */
    ACTIVATIONS,
    /**
     * The over-the-air bottleneck without the air: the transmitter ends in the same precoder and power
     * normalisation (to the transmit dimensions) and the receiver starts with the same combiner, so the link
     * sends the precoder's values, quantised, instead of the cut's activations.
     */
    PRECODER
  }

  /** How the channel matrix evolves over training steps. */
  public enum ChannelModel {
    /** One channel for the whole run. */
    STATIC,
    /** Gauss–Markov: H_{k+1} = ρ·H_k + √(1−ρ²)·G_k at each new coherence block. */
    QUASI_STATIC,
    /** A fresh, independent channel at each coherence block. */
    RAYLEIGH_BLOCK
  }

  /** Real dimensions of a transmitted vector: the transmit antennas, twice that for complex entries. */
  public int transmitDims() {
    return complexEntries ? 2 * transmitAntennas : transmitAntennas;
  }

  /** Real dimensions of a received vector. */
  public int receiveDims() {
    return complexEntries ? 2 * receiveAntennas : receiveAntennas;
  }
}
