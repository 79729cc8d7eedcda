package io.edgeweave.metrics;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a run ended; written in lower case ("completed", "failed", "diverged", "interrupted"). */
public enum RunStatus {
  COMPLETED,
  FAILED,
  /** Training produced a NaN or infinite loss and the scenario asked to stop then. */
  DIVERGED,
  /** Its user stopped it (SIGINT, SIGTERM) after a committed step; it can resume from its run folder. */
  INTERRUPTED;

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
