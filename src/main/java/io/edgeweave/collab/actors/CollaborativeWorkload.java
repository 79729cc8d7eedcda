package io.edgeweave.collab.actors;

import io.edgeweave.runtime.WorkloadDirectors;
import io.edgeweave.scenario.CollaborativeTrainingSpec;

/** Registers the director of collaborative training, which places its devices on the JVMs of a cluster too. */
public final class CollaborativeWorkload implements WorkloadDirectors.Provider {
  @Override
  public void register(WorkloadDirectors directors) {
    directors.register(CollaborativeTrainingSpec.class, (spec, run) ->
        CollaborativeTrainingDirector.create(spec, run));
  }
}
