package io.edgeweave.channel;

import io.edgeweave.fault.LinkConditions;
import io.edgeweave.fault.LinkFaultSchedule;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.LinkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Virtual-time model of the message layer of a full-duplex link, of any kind: decides when, whether and
 * how often a message arrives. (What the message's values become on the way, and how long they occupy the
 * medium, is the {@link Medium}'s business.)
 *
 * <p>Each direction has its own transmit queue: a message starts when it is sent or when the previous
 * message in that direction has left, whichever is later, and occupies the transmitter for its airtime
 * ({@code bytes·8 / rate} on a digital link) even if it is then lost. It arrives after serialisation + propagation + a
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
    this.linkIdHash = StreamSeed.hash(spec.id());
    this.propagationMs = spec.propagation().toNanos() / 1e6;
    this.jitterMs = spec.jitter().toNanos() / 1e6;
  }

  public LinkSpec spec() {
    return spec;
  }

  /** The link's state for a message of {@code step} sent at {@code sendTimeMs} (may open fault windows). */
  public LinkConditions conditionsFor(int step, double sendTimeMs) {
    return schedule.conditionsFor(step, sendTimeMs);
  }

  /** What {@link #conditionsFor} would return, leaving the link's fault windows as they are. */
  public LinkConditions peekConditions(int step, double sendTimeMs) {
    return schedule.peek(step, sendTimeMs);
  }

  /**
   * Puts a message of {@code bytes} on a digital link at virtual time {@code sendTimeMs} and returns its
   * fate; it occupies the transmitter for 8·bytes / rate.
   */
  public Transmission transmit(
      Direction direction, int step, int attempt, long bytes, double sendTimeMs) {
    LinkConditions conditions = conditionsFor(step, sendTimeMs);
    return transmit(direction, step, attempt, bytes, sendTimeMs, conditions, bytes * 8.0 / conditions.bitsPerSecond() * 1000);
  }

  /**
   * Puts a message on the link that occupies the transmitter for {@code airtimeMs} (as its medium says:
   * bytes at a rate, or channel uses at a symbol rate) under {@code conditions}, and returns its fate.
   */
  public Transmission transmit(
      Direction direction,
      int step,
      int attempt,
      long bytes,
      double sendTimeMs,
      LinkConditions conditions,
      double airtimeMs) {
    SplittableRandom random =
        new SplittableRandom(
            StreamSeed.of(scenarioSeed, linkIdHash, direction.ordinal(), step, attempt));
    boolean lost = random.nextDouble() < conditions.loss();
    boolean duplicated = random.nextDouble() < conditions.duplicate();
    boolean reordered = random.nextDouble() < conditions.reorder();
    double jitter = random.nextDouble() * jitterMs;
    double extraJitter = random.nextDouble() * conditions.extraJitterMs();
    double duplicateSpread = random.nextDouble() * Math.max(jitterMs, MIN_DUPLICATE_SPREAD_MS);

    int queue = direction.ordinal();
    double startMs = Math.max(sendTimeMs, busyUntilMs[queue]);
    double serializationMs = airtimeMs;
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

  /** The link's memory: when each transmit queue frees up and when step-triggered faults opened. */
  public State state() {
    return new State(busyUntilMs.clone(), schedule.openedAtMs());
  }

  /** Carries on from a state taken by {@link #state()} of a link with the same spec and faults. */
  public void restore(State state) {
    if (state.busyUntilMs().length != busyUntilMs.length) {
      throw new IllegalArgumentException("link state of " + state.busyUntilMs().length + " queues");
    }
    System.arraycopy(state.busyUntilMs(), 0, busyUntilMs, 0, busyUntilMs.length);
    schedule.restoreOpenedAtMs(state.faultsOpenedAtMs());
  }

  /**
   * @param busyUntilMs per direction, when its transmitter frees up (virtual time)
   * @param faultsOpenedAtMs per fault of the link, when its window opened (NaN: not yet)
   */
  public record State(double[] busyUntilMs, double[] faultsOpenedAtMs) {}
}
