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
 * @param estimation pilots and channel estimate of a {@code mimo-oac} link ({@link Estimation#NONE}: the
 *     estimation-free design)
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
    Payload payload,
    Estimation estimation) {

  /**
   * Pilot-based channel estimation on an over-the-air link: {@code pilots} pilot symbols per coherence block, from
   * which the receiver estimates H and equalises what arrives before its combiner. 0 pilots: no estimation.
   */
  public record Estimation(int pilots, Estimator estimator) {
    public static final Estimation NONE = new Estimation(0, Estimator.LS);

    public boolean enabled() {
      return pilots > 0;
    }
  }

  /** How the receiver estimates H from the pilots it received. */
  public enum Estimator {
    /** Least squares: the received pilots divided by the pilots' amplitude. */
    LS,
    /** Linear MMSE with the channel's Rayleigh prior (unit power per complex entry). */
    MMSE
  }

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

  /** Real dimensions the receiver's combiner takes: the equalised transmit dimensions with estimation, else as received. */
  public int combinerDims() {
    return estimation.enabled() ? transmitDims() : receiveDims();
  }
}
