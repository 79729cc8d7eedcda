package io.edgeweave.fault;

import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.FaultSpec.FaultKind;
import io.edgeweave.scenario.LinkSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The faults of one link over virtual time and training steps.
 *
 * <p>A fault window opens when a message of step {@code atStep} or later is first seen (at that message's
 * send time), when the send time reaches {@code atTime}, or from time 0 if neither is given. Once open, it
 * stays active while the step is below {@code untilStep} and the send time is before open time +
 * {@code duration}; with neither it never closes. While active, loss, duplicate and reorder faults set
 * their probability (the highest wins), delay faults add up, a partition cuts the link, and the last
 * active rate fault in list order sets the rate. On MIMO links the lowest active SNR fault sets the SNR,
 * fades add up in dB, and each channel jump whose window has opened counts one channel epoch.
 *
 * <p>Stateful (step-triggered windows remember when they opened) and not thread-safe: one link owns it.
 */
public final class LinkFaultSchedule {

  /** Marks a probability no active fault sets; real probabilities are never negative. */
  private static final double NONE = -1;

  private final LinkSpec base;
  private final List<FaultSpec> faults;
  private final double[] openedAtMs;

  /** Faults of other links are ignored. */
  public LinkFaultSchedule(LinkSpec base, List<FaultSpec> faults) {
    this.base = base;
    this.faults = faults.stream().filter(f -> f.onLink(base.id())).toList();
    this.openedAtMs = new double[this.faults.size()];
    Arrays.fill(openedAtMs, Double.NaN);
  }

  /** The link's state for a message of {@code step} sent at {@code sendTimeMs}; may open step windows. */
  public LinkConditions conditionsFor(int step, double sendTimeMs) {
    return conditions(step, sendTimeMs, true);
  }

  /** What {@link #conditionsFor} would return, leaving every window as it is. */
  public LinkConditions peek(int step, double sendTimeMs) {
    return conditions(step, sendTimeMs, false);
  }

  private LinkConditions conditions(int step, double sendTimeMs, boolean open) {
    double rate = base.bitsPerSecond();
    double loss = NONE;
    double duplicate = NONE;
    double reorder = NONE;
    double extraDelayMs = 0;
    double extraJitterMs = 0;
    boolean partitioned = false;
    double snrDb = Double.NaN;
    double gainDb = 0;
    int channelEpoch = 0;
    for (int i = 0; i < faults.size(); i++) {
      FaultSpec fault = faults.get(i);
      if (fault.kind() == FaultKind.CHANNEL_JUMP) {
        if (!Double.isNaN(openTime(i, step, sendTimeMs, open))) channelEpoch++;
        continue;
      }
      if (!isActive(i, step, sendTimeMs, open)) {
        continue;
      }
      switch (fault.kind()) {
        case LOSS -> loss = Math.max(loss, fault.probability());
        case DUPLICATE -> duplicate = Math.max(duplicate, fault.probability());
        case REORDER -> reorder = Math.max(reorder, fault.probability());
        case DELAY -> {
          extraDelayMs += millis(fault.delay());
          extraJitterMs += millis(fault.jitter());
        }
        case PARTITION -> partitioned = true;
        case RATE -> rate = fault.rateBitsPerSecond();
        case SNR -> snrDb = Double.isNaN(snrDb) ? fault.snrDb() : Math.min(snrDb, fault.snrDb());
        case FADE -> gainDb += fault.gainDb();
        case CHANNEL_JUMP -> throw new IllegalStateException("handled above");
      }
    }
    return new LinkConditions(
        rate,
        orBaseline(loss, base.loss()),
        orBaseline(duplicate, base.duplicate()),
        orBaseline(reorder, base.reorder()),
        extraDelayMs,
        extraJitterMs,
        partitioned,
        snrDb,
        gainDb,
        channelEpoch);
  }

  /** When each fault's window opened (NaN: not yet), in the order of the link's faults. */
  public double[] openedAtMs() {
    return openedAtMs.clone();
  }

  /** Restores the windows' opening times taken by {@link #openedAtMs()} from a schedule of the same faults. */
  public void restoreOpenedAtMs(double[] opened) {
    if (opened.length != openedAtMs.length) {
      throw new IllegalArgumentException(opened.length + " fault windows for a link with " + openedAtMs.length + " faults");
    }
    System.arraycopy(opened, 0, openedAtMs, 0, opened.length);
  }

  private static double orBaseline(double faulted, double baseline) {
    return faulted == NONE ? baseline : faulted;
  }

  private boolean isActive(int index, int step, double sendTimeMs, boolean open) {
    FaultSpec fault = faults.get(index);
    double openMs = openTime(index, step, sendTimeMs, open);
    if (Double.isNaN(openMs)) {
      return false;
    }
    boolean beforeUntilStep = fault.untilStep().isEmpty() || step < fault.untilStep().getAsInt();
    boolean withinDuration =
        fault.duration().isEmpty() || sendTimeMs < openMs + millis(fault.duration().get());
    return beforeUntilStep && withinDuration;
  }

  /** When the window opened, or NaN if it has not; a step window this message opens is kept if {@code open}. */
  private double openTime(int index, int step, double sendTimeMs, boolean open) {
    FaultSpec fault = faults.get(index);
    if (fault.atStep().isPresent()) {
      if (Double.isNaN(openedAtMs[index]) && step >= fault.atStep().getAsInt()) {
        if (!open) return sendTimeMs;
        openedAtMs[index] = sendTimeMs;
      }
      return openedAtMs[index];
    }
    if (fault.atTime().isPresent()) {
      double atMs = millis(fault.atTime().get());
      return sendTimeMs >= atMs ? atMs : Double.NaN;
    }
    return 0;
  }

  private static double millis(Duration duration) {
    return duration.toNanos() / 1e6;
  }
}
