package io.edgeweave.runtime;

import io.edgeweave.scenario.SplitTrainingSpec;

/** The directors of the workloads whose actors live in {@code runtime}. */
public final class RuntimeWorkloads implements WorkloadDirectors.Provider {
  @Override
  public void register(WorkloadDirectors directors) {
    directors.register(SplitTrainingSpec.class, (spec, run) ->
        SplitTrainingDirector.create(spec, run));
  }
}
