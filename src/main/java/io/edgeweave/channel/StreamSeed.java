package io.edgeweave.channel;

import io.edgeweave.scenario.Seeds;
import java.nio.charset.StandardCharsets;

/**
 * Seeds of independent random draws made by links: a pure function of the values that identify a draw
 * (scenario seed, link, direction, step, attempt...), so that no draw depends on call order or threads.
 */
final class StreamSeed {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private StreamSeed() {}

  /** Folds the values into one seed: each is mixed, xor-ed into the state, and the state re-mixed. */
  static long of(long... values) {
    long state = 0;
    for (long value : values) {
      state = Seeds.mix(state ^ Seeds.mix(value + GOLDEN_GAMMA));
    }
    return state;
  }

  /** A stable hash of an id: its UTF-8 bytes and length through {@link #of}. */
  static long hash(String id) {
    byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
    long[] values = new long[bytes.length + 1];
    for (int i = 0; i < bytes.length; i++) {
      values[i] = bytes[i];
    }
    values[bytes.length] = bytes.length;
    return of(values);
  }
}
