package io.edgeweave.serving.actors;

import io.edgeweave.runtime.WorkloadDirectors;
import io.edgeweave.scenario.JmsnasSpec;

/** Registers the JMSNAS director, which places its serving nodes on the JVMs of a cluster too. */
public final class ServingWorkload implements WorkloadDirectors.Provider {
  @Override
  public void register(WorkloadDirectors directors) {
    directors.register(JmsnasSpec.class, (spec, run) ->
        JmsnasDirector.create(run.scenario(), spec, run.data(), run.out(), run.listener(), run.hosting(), run.control(), run.resume(),
            run.takenOver()));
  }
}
