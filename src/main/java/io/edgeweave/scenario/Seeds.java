package io.edgeweave.scenario;

import java.nio.charset.StandardCharsets;

/** Independent random streams of one scenario seed, one per named purpose. */
public final class Seeds {
  private Seeds() {}

  /** A seed for the stream {@code purpose}, a pure function of the scenario seed and the name. */
  public static long derive(long seed, String purpose) {
    long h = mix(seed);
    for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) h = mix(h ^ b);
    return h;
  }

  /** SplitMix64's finaliser (Stafford's variant 13): the one mixer every seed of a run goes through. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
