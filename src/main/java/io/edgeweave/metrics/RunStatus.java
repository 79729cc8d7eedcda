package io.edgeweave.metrics;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a run ended; written in lower case ("completed", "failed"). */
public enum RunStatus {
  COMPLETED,
  FAILED;

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
