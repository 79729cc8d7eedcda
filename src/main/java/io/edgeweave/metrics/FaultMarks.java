package io.edgeweave.metrics;

import io.edgeweave.metrics.SvgChart.Marker;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.FaultSpec.FaultKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Where a run's faults and recoveries fall on a chart whose x axis counts steps (or requests): a band for each fault
 * window, a line for each instant (a JVM killed, a run resumed, a deployment re-planned). A window that opens or
 * closes at a virtual time is placed by the run's own clock: the virtual time at which each step started.
 */
public final class FaultMarks {
  static final String LINK_FAULT = "#f28e2b";
  static final String SLOW_LINK = "#b07aa1";
  static final String NODE_DOWN = "#e15759";
  static final String SLOW_NODE = "#9c755f";
  static final String RECOVERY = "#2e7d32";
  static final String REPLAN = "#6a3d9a";

  private final String unit;
  private final List<Double> startMs;
  private final double endMs;

  /**
   * @param unit what x counts ("step", "request")
   * @param startMs the virtual time at which each x started, x = 0, 1, ... (the run reached as many)
   * @param endMs the virtual time at which the run's last x ended
   */
  public FaultMarks(String unit, List<Double> startMs, double endMs) {
    this.unit = unit;
    this.startMs = List.copyOf(startMs);
    this.endMs = endMs;
  }

  /** The start times of steps from their records: step 0 at 0, each later one when the one before it ended. */
  public static FaultMarks forSteps(List<StepRecord> steps) {
    List<Double> starts = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) starts.add(i == 0 ? 0.0 : steps.get(i - 1).virtualTimeMs());
    return new FaultMarks("step", starts, steps.isEmpty() ? 0 : steps.get(steps.size() - 1).virtualTimeMs());
  }

  /** The markers of the faults that struck while the run went, in the scenario's order. */
  public List<Marker> faults(List<FaultSpec> faults) {
    List<Marker> markers = new ArrayList<>();
    for (FaultSpec fault : faults) {
      int from = opening(fault);
      if (from < 0 || from >= startMs.size()) continue;
      if (fault.kind().strikesProcess() || fault.kind() == FaultKind.CHANNEL_JUMP || fault.kind() == FaultKind.JOIN) {
        markers.add(Marker.at(describe(fault) + " (" + unit + " " + from + ")", NODE_DOWN, from - 0.5));
        continue;
      }
      int to = closing(fault, from);
      String span = to >= startMs.size() && fault.untilStep().isEmpty() && fault.duration().isEmpty()
          ? "from " + unit + " " + from
          : to - 1 == from ? unit + " " + from : unit + "s " + from + "–" + (to - 1);
      markers.add(new Marker(describe(fault) + " (" + span + ")", color(fault.kind()), from - 0.5, to - 0.5));
    }
    return markers;
  }

  /** A line before each step a run resumed from after losing a node. */
  public List<Marker> resumes(List<Integer> resumedFromSteps) {
    return resumedFromSteps.stream()
        .map(s -> Marker.at("resumed from the last checkpoint: " + unit + "s from " + s + " run again", RECOVERY, s - 0.5))
        .toList();
  }

  /**
   * Faults and resumes in the order they happened: by x, except that each resume comes right after the loss it
   * recovered from (the first instant at or after the step it went back to), since it went back in steps.
   */
  public static List<Marker> chronological(List<Marker> faults, List<Marker> resumes) {
    List<Marker> ordered = new ArrayList<>(faults);
    ordered.sort(Comparator.comparingDouble(Marker::from));
    Set<Marker> used = new HashSet<>();
    for (Marker resume : resumes) {
      int at = ordered.size();
      for (int i = 0; i < ordered.size(); i++) {
        Marker m = ordered.get(i);
        if (!m.isWindow() && m.from() >= resume.from() && !resumes.contains(m) && used.add(m)) {
          at = i + 1;
          break;
        }
      }
      ordered.add(at, resume);
    }
    return ordered;
  }

  /** A line before the first {@code x} a new deployment served. */
  public Marker replan(int x, String why) {
    return Marker.at("re-planned (" + why + ") from " + unit + " " + x, REPLAN, x - 0.5);
  }

  /** The first x the fault affects, -1 if it opens after the run. */
  private int opening(FaultSpec fault) {
    if (fault.atStep().isPresent()) return fault.atStep().getAsInt();
    if (fault.atTime().isPresent()) return at(millis(fault.atTime().get()));
    return 0;
  }

  /** The first x after the window (exclusive), at most the run's length. */
  private int closing(FaultSpec fault, int from) {
    OptionalInt until = fault.untilStep();
    if (until.isPresent()) return Math.min(until.getAsInt(), startMs.size());
    if (fault.duration().isPresent()) {
      double closesMs = startMs.get(from) + millis(fault.duration().get());
      if (fault.atTime().isPresent()) closesMs = millis(fault.atTime().get()) + millis(fault.duration().get());
      int last = at(closesMs - 1e-9);
      return last < 0 ? startMs.size() : Math.max(from + 1, last + 1);
    }
    return startMs.size();
  }

  /** The x in progress at virtual time {@code ms}: the last one that started at or before it; -1 past the run. */
  private int at(double ms) {
    if (ms >= endMs) return -1;
    int x = 0;
    while (x + 1 < startMs.size() && startMs.get(x + 1) <= ms) x++;
    return x;
  }

  private static double millis(Duration d) {
    return d.toNanos() / 1e6;
  }

  private static String color(FaultKind kind) {
    return switch (kind) {
      case DELAY, RATE, SNR, FADE -> SLOW_LINK;
      case CRASH -> NODE_DOWN;
      case SLOW_NODE -> SLOW_NODE;
      default -> LINK_FAULT;
    };
  }

  /** The fault in a few words: kind, target and its parameter. */
  static String describe(FaultSpec f) {
    String kind = f.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
    String what = switch (f.kind()) {
      case LOSS, DUPLICATE, REORDER -> kind + " " + Decimals.format(f.probability() * 100, 1) + "%";
      case DELAY -> "delay +" + Decimals.format(millis(f.delay()), 1) + " ms";
      case RATE -> "rate " + Decimals.format(f.rateBitsPerSecond() / 1e6, 3) + " Mbps";
      case SNR -> "snr " + Decimals.format(f.snrDb(), 1) + " dB";
      case FADE -> "fade " + Decimals.format(f.gainDb(), 1) + " dB";
      case SLOW_NODE -> "slow-node ×" + Decimals.format(f.factor(), 2);
      default -> kind;
    };
    return what + " " + f.target();
  }
}
