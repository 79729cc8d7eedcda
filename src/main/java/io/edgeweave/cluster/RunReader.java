package io.edgeweave.cluster;

import io.edgeweave.data.TrainTest;
import io.edgeweave.scenario.Scenario;
import java.nio.file.Path;
import java.util.Optional;

/** Reads a run folder as {@code run --resume} does, for a standby director that may take the run over. */
public interface RunReader {
  /** A run's scenario, as it was run, and its data. */
  record Loaded(Scenario scenario, TrainTest data) {}

  /** @throws IllegalArgumentException naming, in one line, what in {@code folder} cannot be read */
  Loaded read(Path folder);

  /** Why the run in {@code folder} cannot resume, if it cannot (e.g. it has completed). */
  Optional<String> resumeProblem(Path folder);
}
