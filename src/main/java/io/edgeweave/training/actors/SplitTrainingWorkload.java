package io.edgeweave.training.actors;

import io.edgeweave.runtime.WorkloadDirectors;
import io.edgeweave.scenario.SplitTrainingSpec;

/** Registers the director of split-training runs. */
public final class SplitTrainingWorkload implements WorkloadDirectors.Provider {
  @Override
  public void register(WorkloadDirectors directors) {
    directors.register(SplitTrainingSpec.class, (spec, run) ->
        SplitTrainingDirector.create(spec, run));
  }
}
