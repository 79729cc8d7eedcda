package io.edgeweave.channel;

import io.edgeweave.fault.LinkConditions;
import io.edgeweave.fault.LinkFaultSchedule;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.LinkSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Virtual-time model of a full-duplex digital link: decides when, whether and how often a message arrives.
 *
 * <p>Each direction has its own transmit queue: a message starts when it is sent or when the previous
 * message in that direction has left, whichever is later, and occupies the transmitter for
 * {@code bytes·8 / rate} even if it is then lost. It arrives after serialisation + propagation + a
 * uniform jitter, plus any delay faults. It is dropped if the link is partitioned or with the loss
 * probability; otherwise it may be duplicated (the copy arrives up to {@code max(jitter, 1 ms)} later)
 * or held back by {@code 2·propagation + 1 ms} so that later messages overtake it.
 *
 * <p>Reproducibility: there is no shared random stream. Every call seeds a fresh {@link SplittableRandom}
 * from (scenario seed, link id, direction, step, attempt), mixed with the SplitMix64 finaliser; the link
 * id enters as a hash of its UTF-8 bytes through the same mixer, so it is stable across JVMs. Draws are
 * always taken in the same order (loss, duplicate, reorder, jitter, extra jitter, duplicate jitter). A
 * message's fate thus depends only on those five values, never on call order or thread scheduling: a run
 * replays exactly, and a retry (next attempt) gets a fresh but equally reproducible chance.
 *
 * <p>Not thread-safe: one link actor owns it.
 */
public final class DigitalLinkModel {

  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
  private static final double MIN_DUPLICATE_SPREAD_MS = 1;

  private final LinkSpec spec;
  private final LinkFaultSchedule schedule;
  private final long scenarioSeed;
  private final long linkIdHash;
  private final double propagationMs;
  private final double jitterMs;
  private final double[] busyUntilMs = new double[Direction.values().length];

  public DigitalLinkModel(LinkSpec spec, List<FaultSpec> faults, long scenarioSeed) {
    this.spec = spec;
    this.schedule = new LinkFaultSchedule(spec, faults);
    this.scenarioSeed = scenarioSeed;
    this.linkIdHash = hash(spec.id());
    this.propagationMs = spec.propagation().toNanos() / 1e6;
    this.jitterMs = spec.jitter().toNanos() / 1e6;
  }

  public LinkSpec spec() {
    return spec;
  }

  /** The link's state for a message of {@code step} sent at {@code timeMs} (may open step-triggered fault windows). */
  public LinkConditions conditions(int step, double timeMs) {
    return schedule.conditionsFor(step, timeMs);
  }

  /** Puts a message of {@code bytes} on the link at virtual time {@code sendTimeMs} and returns its fate. */
  public Transmission transmit(
      Direction direction, int step, int attempt, long bytes, double sendTimeMs) {
    LinkConditions conditions = schedule.conditionsFor(step, sendTimeMs);
    SplittableRandom random =
        new SplittableRandom(
            mix(scenarioSeed, linkIdHash, direction.ordinal(), step, attempt));
    boolean lost = random.nextDouble() < conditions.loss();
    boolean duplicated = random.nextDouble() < conditions.duplicate();
    boolean reordered = random.nextDouble() < conditions.reorder();
    double jitter = random.nextDouble() * jitterMs;
    double extraJitter = random.nextDouble() * conditions.extraJitterMs();
    double duplicateSpread = random.nextDouble() * Math.max(jitterMs, MIN_DUPLICATE_SPREAD_MS);

    int queue = direction.ordinal();
    double startMs = Math.max(sendTimeMs, busyUntilMs[queue]);
    double serializationMs = bytes * 8.0 / conditions.bitsPerSecond() * 1000;
    busyUntilMs[queue] = startMs + serializationMs;

    List<Delivery> deliveries = new ArrayList<>(2);
    if (!conditions.partitioned() && !lost) {
      double baseMs =
          startMs + serializationMs + propagationMs + jitter
              + conditions.extraDelayMs() + extraJitter;
      double holdMs = reordered ? 2 * propagationMs + 1 : 0;
      deliveries.add(new Delivery(baseMs + holdMs, reordered));
      if (duplicated) {
        deliveries.add(new Delivery(baseMs + duplicateSpread, false));
      }
    }
    return new Transmission(
        step, attempt, bytes, sendTimeMs, startMs, serializationMs, deliveries,
        conditions.partitioned());
  }

  /** Folds the values into one seed: each is mixed, xor-ed into the state, and the state re-mixed. */
  private static long mix(long... values) {
    long state = 0;
    for (long value : values) {
      state = mix64(state ^ mix64(value + GOLDEN_GAMMA));
    }
    return state;
  }

  /** A stable hash of the link id: its UTF-8 bytes and length through {@link #mix}. */
  private static long hash(String id) {
    byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
    long[] values = new long[bytes.length + 1];
    for (int i = 0; i < bytes.length; i++) {
      values[i] = bytes[i];
    }
    values[bytes.length] = bytes.length;
    return mix(values);
  }

  /** The SplitMix64 finaliser (Stafford variant 13). */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
