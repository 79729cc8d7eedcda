package io.edgeweave.runtime;

import io.edgeweave.scenario.CollaborativeTrainingSpec;
import io.edgeweave.scenario.JmsnasSpec;
import io.edgeweave.scenario.SplitTrainingSpec;

/** The directors of the workloads whose actors live in {@code runtime}. */
public final class RuntimeWorkloads implements WorkloadDirectors.Provider {
  @Override
  public void register(WorkloadDirectors directors) {
    directors.register(SplitTrainingSpec.class, SplitTrainingDirector::create);
    directors.register(JmsnasSpec.class, (scenario, spec, data, out, listener, deployer) ->
        JmsnasDirector.create(scenario, spec, data, out, listener));
    directors.register(CollaborativeTrainingSpec.class, (scenario, spec, data, out, listener, deployer) ->
        CollaborativeTrainingDirector.create(scenario, spec, data, out, listener));
  }
}
