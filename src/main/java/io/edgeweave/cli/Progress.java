package io.edgeweave.cli;

import io.edgeweave.metrics.StepRecord;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a run's progress on stderr: a live bar on a terminal, a line every tenth of the run otherwise
 * (logs, CI).
 */
final class Progress implements AutoCloseable {
  private final boolean quiet;
  private final boolean terminal = System.console() != null;
  private ProgressBar bar;
  private String accuracy = "";

  Progress(boolean quiet) {
    this.quiet = quiet;
  }

  synchronized void show(StepRecord step, int totalSteps) {
    if (quiet) return;
    step.testAccuracy().ifPresent(a -> accuracy = String.format(Locale.ROOT, " test acc %.4f", a));
    String status =
        String.format(Locale.ROOT, "loss %.4f%s virtual %.1f s", step.loss(), accuracy, step.virtualTimeMs() / 1000);
    int done = step.step() + 1;
    if (terminal) {
      if (bar == null) {
        bar = new ProgressBarBuilder().setTaskName("training").setInitialMax(totalSteps).setStyle(ProgressBarStyle.ASCII).build();
      }
      bar.stepTo(done);
      bar.setExtraMessage(" " + status);
    } else if (done == totalSteps || done % Math.max(1, totalSteps / 10) == 0) {
      System.err.printf(Locale.ROOT, "step %d/%d  %s%n", done, totalSteps, status);
    }
  }

  @Override
  public synchronized void close() {
    if (bar != null) bar.close();
  }
}
