package io.edgeweave.metrics;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a run ended; written in lower case ("completed", "failed", "diverged"). */
public enum RunStatus {
  COMPLETED,
  FAILED,
  /** Training produced a NaN or infinite loss and the scenario asked to stop then. */
  DIVERGED;

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
