package io.edgeweave.cli;

import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.SummaryWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What a run folder must hold for a run to resume from it. */
final class RunFolders {
  /** The scenario as it was run, resolved: what a resumed run runs. */
  static final String SCENARIO = "scenario.conf";

  private RunFolders() {}

  /** Why the run in {@code dir} cannot resume, if it cannot: not a run folder, or a run that ended for good. */
  static Optional<String> resumeProblem(Path dir) {
    if (!Files.isDirectory(dir)) return Optional.of(Files.exists(dir) ? "not a directory" : "no such run folder");
    if (!Files.isRegularFile(dir.resolve(SCENARIO))) {
      return Optional.of("holds no " + SCENARIO + ": not the folder of a run");
    }
    Path summary = dir.resolve("summary.json");
    if (!Files.exists(summary)) return Optional.empty(); // killed before it could write one
    RunStatus status;
    try {
      status = SummaryWriter.read(summary).status();
    } catch (IOException e) {
      return Optional.of("summary.json is not readable (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    return switch (status) {
      case INTERRUPTED, FAILED -> Optional.empty();
      case COMPLETED -> Optional.of("the run has completed already: nothing to resume");
      case DIVERGED -> Optional.of("the run diverged: resumed, it would diverge again (change the scenario and run it anew)");
    };
  }
}
