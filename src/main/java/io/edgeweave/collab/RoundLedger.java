package io.edgeweave.collab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The cloud's account of one round: every selected device ends with exactly one {@link Outcome}, an update is
 * taken at most once per (round, device), and the round closes in virtual time when the account is complete.
 * An update counts if it arrives by the deadline (the ledger decides, the caller keeps the update); a later one is a straggler's and is left out. The round ends
 * at the last arrival if every device arrived, else at the deadline (the cloud cannot tell a device that is
 * gone from a slow one before then). Pure and single-threaded: the cloud actor owns it.
 */
public final class RoundLedger {
  /** How a selected device's round ended. */
  public enum Outcome {
    /** Its update arrived by the deadline and was aggregated. */
    ARRIVED,
    /** Its update arrived after the deadline and was left out. */
    STRAGGLER,
    /** It went silent during the round. */
    DROPPED_OUT,
    /** Its actor failed during the round. */
    CRASHED,
    /** Its link lost the model or the update on every attempt. */
    UNREACHABLE,
    /** Nothing was heard of it before the wall-clock safety net gave up on the round. */
    UNANSWERED
  }

  /** What became of an arriving update. */
  public enum Arrival {
    ACCEPTED,
    LATE,
    /** A second copy for the same (round, device): ignored. */
    DUPLICATE,
    /** Not from a device selected for this round: ignored. */
    UNEXPECTED
  }

  private final int round;
  private final int[] selected;
  private final Outcome[] outcomes;
  private final double startMs;
  private final double deadlineMs;
  private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
  private int accounted;
  private int duplicates;
  private double lastArrivalMs;

  /**
   * @param selected the round's devices, ascending
   * @param deadlineMs virtual time after {@code startMs} by which an update must arrive; infinite for none
   */
  public RoundLedger(int round, int[] selected, double startMs, double deadlineMs) {
    this.round = round;
    this.selected = selected.clone();
    this.outcomes = new Outcome[selected.length];
    this.startMs = startMs;
    this.deadlineMs = deadlineMs;
    this.lastArrivalMs = startMs;
    for (Outcome o : Outcome.values()) counts.put(o, 0);
  }

  public int round() {
    return round;
  }

  public double startMs() {
    return startMs;
  }

  public int[] selected() {
    return selected.clone();
  }

  /** Devices selected for the round. */
  public int size() {
    return selected.length;
  }

  /** An update that reached the cloud at virtual time {@code arrivalMs}. */
  public Arrival arrive(DeviceUpdate update, double arrivalMs) {
    int i = update.round() == round ? Arrays.binarySearch(selected, update.device()) : -1;
    if (i < 0) return Arrival.UNEXPECTED;
    if (outcomes[i] != null) {
      duplicates++;
      return Arrival.DUPLICATE;
    }
    if (arrivalMs > startMs + deadlineMs) {
      settle(i, Outcome.STRAGGLER);
      return Arrival.LATE;
    }
    settle(i, Outcome.ARRIVED);
    lastArrivalMs = Math.max(lastArrivalMs, arrivalMs);
    return Arrival.ACCEPTED;
  }

  /** A selected device that will send nothing this round; false if it was already accounted for or not selected. */
  public boolean fail(int device, Outcome outcome) {
    if (outcome == Outcome.ARRIVED || outcome == Outcome.STRAGGLER) {
      throw new IllegalArgumentException(outcome + " is decided by an arrival");
    }
    int i = Arrays.binarySearch(selected, device);
    if (i < 0 || outcomes[i] != null) return false;
    settle(i, outcome);
    return true;
  }

  /** Counts every device not yet accounted for as {@link Outcome#UNANSWERED}; returns them. */
  public List<Integer> giveUp() {
    List<Integer> silent = new ArrayList<>();
    for (int i = 0; i < selected.length; i++) {
      if (outcomes[i] == null) {
        settle(i, Outcome.UNANSWERED);
        silent.add(selected[i]);
      }
    }
    return silent;
  }

  public boolean complete() {
    return accounted == selected.length;
  }

  /** Devices with an outcome so far. */
  public int accounted() {
    return accounted;
  }

  public int count(Outcome outcome) {
    return counts.get(outcome);
  }

  /** Copies of an update ignored because the device was already accounted for. */
  public int duplicates() {
    return duplicates;
  }

  /** The devices whose update arrived in time, ascending. */
  public int[] arrived() {
    return IntStream.range(0, selected.length).filter(i -> outcomes[i] == Outcome.ARRIVED).map(i -> selected[i]).toArray();
  }

  /** Virtual time at which the round closes: the last arrival if all arrived (or no deadline), else the deadline. */
  public double closesAtMs() {
    if (!complete()) throw new IllegalStateException("round " + round + " is still open");
    boolean allArrived = count(Outcome.ARRIVED) == selected.length;
    return allArrived || Double.isInfinite(deadlineMs) ? lastArrivalMs : startMs + deadlineMs;
  }

  private void settle(int i, Outcome outcome) {
    outcomes[i] = outcome;
    counts.merge(outcome, 1, Integer::sum);
    accounted++;
  }
}
