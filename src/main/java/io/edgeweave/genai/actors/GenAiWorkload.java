package io.edgeweave.genai.actors;

import io.edgeweave.runtime.WorkloadDirectors;
import io.edgeweave.scenario.GenAiSpec;

/** Registers the genai director with {@code runtime}; its runs live in one JVM or on the node JVMs of a cluster. */
public final class GenAiWorkload implements WorkloadDirectors.Provider {
  @Override
  public void register(WorkloadDirectors directors) {
    directors.register(GenAiSpec.class, (spec, run) ->
        GenAiDirector.create(run.scenario(), spec, run.data(), run.out(), run.listener(), run.hosting(),
            run.control(), run.resume(), run.takenOver()));
  }
}
