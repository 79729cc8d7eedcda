package io.edgeweave.training;

import java.util.List;

/** A finished training step, as the data-owning node sees it. */
public record StepResult(int step, double loss, double startMs, double endMs, List<Span> trace) {
  public StepResult {
    trace = List.copyOf(trace);
  }
}
