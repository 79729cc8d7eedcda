package io.edgeweave.serving;

import java.util.ArrayList;
import java.util.List;

/**
 * The topology changes seen and not yet planned for (a node joined or crashed, a link's rate changed or it was cut or
 * healed): the next plan names them all, counts its fault from the earliest and decides after the latest decision.
 */
public final class TopologyChanges {
  private final List<String> changes = new ArrayList<>();
  private double faultMs = Double.NaN;
  private double decidedMs;

  /** {@code what} changed at virtual time {@code faultMs}; a plan for it is decided at {@code decidedMs} at the earliest. */
  public void add(String what, double faultMs, double decidedMs) {
    changes.add(what);
    this.faultMs = Double.isNaN(this.faultMs) ? faultMs : Math.min(this.faultMs, faultMs);
    this.decidedMs = Math.max(this.decidedMs, decidedMs);
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /** What changed, as a plan's trigger. */
  public String why() {
    return String.join(", ", changes);
  }

  /** When the earliest change happened (virtual); NaN when none. */
  public double faultMs() {
    return faultMs;
  }

  /** When a plan for the changes is decided (virtual). */
  public double decidedMs() {
    return decidedMs;
  }

  /** A plan was decided: it covers every change seen. */
  public void clear() {
    changes.clear();
    faultMs = Double.NaN;
    decidedMs = 0;
  }

  public List<String> list() {
    return List.copyOf(changes);
  }

  /** Carries on from a checkpoint's changes. */
  public void restore(List<String> changes, double faultMs, double decidedMs) {
    this.changes.addAll(changes);
    this.faultMs = faultMs;
    this.decidedMs = decidedMs;
  }
}
