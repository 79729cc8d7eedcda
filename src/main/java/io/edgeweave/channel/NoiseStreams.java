package io.edgeweave.channel;

import io.edgeweave.scenario.Seeds;

/**
 * Seeds of the channel noise of one link: a pure function of the scenario seed, the link, and which
 * transmission it is, independent of the draws that decide a message's fate.
 */
public final class NoiseStreams {
  private static final int INFERENCE = 2;

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
}
