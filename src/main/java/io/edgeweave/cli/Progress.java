package io.edgeweave.cli;

import io.edgeweave.metrics.RoundRecord;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.runtime.FleetStatus;
import io.edgeweave.runtime.PhaseProgress;
import io.edgeweave.runtime.RoundProgress;
import io.edgeweave.runtime.RunProgress;
import io.edgeweave.scenario.Units;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a run's progress on stderr: a live bar on a terminal; otherwise (logs, CI) a line every tenth of
 * the run, and at least every half minute during long collaborative runs.
 */
final class Progress implements RunProgress, AutoCloseable {
  private static final long LINE_EVERY_NANOS = 30_000_000_000L;

  private final boolean quiet;
  private final boolean terminal = System.console() != null;
  private ProgressBar bar;
  private String accuracy = "";
  private long lastLineNanos = System.nanoTime();
  private int phase;

  Progress(boolean quiet) {
    this.quiet = quiet;
  }

  @Override
  public synchronized void onStep(StepRecord step, int totalSteps) {
    if (quiet) return;
    step.testAccuracy().ifPresent(a -> accuracy = String.format(Locale.ROOT, " test acc %.4f", a));
    String status =
        String.format(Locale.ROOT, "loss %.4f%s virtual %.1f s", step.loss(), accuracy, step.virtualTimeMs() / 1000);
    show("training", "step", step.step() + 1, totalSteps, status, false);
  }

  @Override
  public synchronized void onFleet(FleetStatus fleet) {
    if (quiet) return;
    if (!fleet.ready()) {
      System.err.printf(Locale.ROOT, "creating %d devices%n", fleet.devices());
    } else {
      System.err.printf(Locale.ROOT, "%d devices ready in %.1f s (%.0f devices/s), heap in use %s%n",
          fleet.devices(), fleet.elapsedMs() / 1000, fleet.devices() / Math.max(1e-3, fleet.elapsedMs() / 1000),
          Units.bytes(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()));
    }
  }

  @Override
  public synchronized void onRoundProgress(RoundProgress p) {
    if (quiet) return;
    String status = String.format(Locale.ROOT, "devices %d/%d%s virtual %.1f s wall %.0f s heap %s",
        p.accounted(), p.selected(), accuracy, p.virtualTimeMs() / 1000, p.wallTimeMs() / 1000,
        Units.bytes(p.heapUsedBytes()));
    show("rounds", "round", p.round(), p.rounds(), status, true);
  }

  @Override
  public synchronized void onRound(RoundRecord round, int totalRounds) {
    if (quiet) return;
    round.testAccuracy().ifPresent(a -> accuracy = String.format(Locale.ROOT, " test acc %.4f", a));
    String status = String.format(Locale.ROOT, "%d/%d aggregated loss %.4f%s virtual %.1f s heap %s",
        round.arrived(), round.selected(), round.trainLoss(), accuracy, round.endMs() / 1000,
        Units.bytes(round.heapUsedBytes()));
    show("rounds", "round", round.round() + 1, totalRounds, status, false);
  }

  /** On a terminal, the bar counts finished phases; otherwise a line when a phase begins, and every half minute. */
  @Override
  public synchronized void onPhase(PhaseProgress p) {
    if (quiet) return;
    String at = p.node().isEmpty() ? "" : " " + p.node();
    String status = String.format(Locale.ROOT, "%s%s %d/%d", p.phase(), at, p.done(), p.total());
    boolean begins = p.phaseNumber() != phase;
    phase = p.phaseNumber();
    if (terminal) {
      show("phases", "phase", p.phaseNumber() - 1, p.phases(), status, true);
    } else if (begins || System.nanoTime() - lastLineNanos > LINE_EVERY_NANOS) {
      lastLineNanos = System.nanoTime();
      System.err.printf(Locale.ROOT, "phase %d/%d  %s%n", p.phaseNumber(), p.phases(), status);
    }
  }

  /**
   * Moves the bar to {@code done} of {@code total}, or prints a line: every tenth of the run, and at least
   * every half minute; {@code within} marks progress inside the unit of work, shown only by time.
   */
  private void show(String task, String unit, int done, int total, String status, boolean within) {
    if (terminal) {
      if (bar == null) {
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII).build();
      }
      bar.stepTo(done);
      bar.setExtraMessage(" " + status);
      return;
    }
    long now = System.nanoTime();
    boolean tenth = !within && (done == total || done % Math.max(1, total / 10) == 0);
    if (tenth || now - lastLineNanos > LINE_EVERY_NANOS) {
      lastLineNanos = now;
      System.err.printf(Locale.ROOT, "%s %d/%d  %s%n", unit, within ? done + 1 : done, total, status);
    }
  }

  @Override
  public synchronized void close() {
    if (bar != null) bar.close();
  }
}
