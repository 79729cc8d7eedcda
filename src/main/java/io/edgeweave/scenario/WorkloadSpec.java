package io.edgeweave.scenario;

/**
 * What a run does, one record per {@code workload.type}. A new type adds a record here, a reader in
 * {@link WorkloadReaders}, its defaults under {@code edgeweave.scenario.defaults.workload.<type>} in
 * {@code reference.conf}, and a director in {@code runtime.ScenarioDirector}.
 */
public sealed interface WorkloadSpec permits SplitTrainingSpec, GenAiSpec, JmsnasSpec, CollaborativeTrainingSpec {
  /** The {@code workload.type} that names this kind of workload in scenario files. */
  String type();
}
