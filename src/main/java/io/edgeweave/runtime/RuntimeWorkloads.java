package io.edgeweave.runtime;

import io.edgeweave.scenario.CollaborativeTrainingSpec;
import io.edgeweave.scenario.JmsnasSpec;
import io.edgeweave.scenario.SplitTrainingSpec;

/** The directors of the workloads whose actors live in {@code runtime}. */
public final class RuntimeWorkloads implements WorkloadDirectors.Provider {
  @Override
  public void register(WorkloadDirectors directors) {
    directors.registerClusterCapable(SplitTrainingSpec.class, (spec, run) ->
        SplitTrainingDirector.create(spec, run));
    directors.register(JmsnasSpec.class, (spec, run) ->
        JmsnasDirector.create(run.scenario(), spec, run.data(), run.out(), run.listener()));
    directors.register(CollaborativeTrainingSpec.class, (spec, run) ->
        CollaborativeTrainingDirector.create(run.scenario(), spec, run.data(), run.out(), run.listener()));
  }
}
