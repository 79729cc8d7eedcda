package io.edgeweave.channel;

import io.edgeweave.scenario.Seeds;

/**
 * Seeds of the channel noise of one link, and of the channel realisations its test batches see: a pure
 * function of the scenario seed, the link, and which transmission it is, independent of the draws that decide
 * a message's fate and of the training channel's own chain.
 */
public final class NoiseStreams {
  private static final int INFERENCE = 2;
  private static final int TEST_CHANNEL = 3;

  private final long base;

  public NoiseStreams(long scenarioSeed, String linkId) {
    this.base = Seeds.derive(scenarioSeed, "noise/" + linkId);
  }

  /** Noise of attempt {@code attempt} of a training message of {@code step} in {@code direction}. */
  public long training(Direction direction, int step, int attempt) {
    return StreamSeed.of(base, direction.ordinal(), step, attempt);
  }

  /** Noise of test batch {@code batch} of evaluation {@code round}. */
  public long inference(int round, int batch) {
    return StreamSeed.of(base, INFERENCE, round, batch);
  }

  /** The channel realisation test batch {@code batch} of evaluation {@code round} goes through. */
  public long testChannel(int round, int batch) {
    return StreamSeed.of(base, TEST_CHANNEL, round, batch);
  }
}
