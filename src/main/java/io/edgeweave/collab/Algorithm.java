package io.edgeweave.collab;

/**
 * A collaborative-training algorithm: what a device does with the model it receives, and how the cloud
 * combines what comes back. Named by {@code workload.algorithm}; see {@link #named(String)}.
 */
public record Algorithm(String name, LocalTraining localTraining, Aggregation aggregation) {

  /** The algorithm of a scenario's {@code workload.algorithm} (one of {@code CollaborativeTrainingSpec.ALGORITHMS}). */
  public static Algorithm named(String name) {
    return switch (name) {
      case "fedavg" -> new Algorithm(name, new ModelFit(), new FederatedAveraging());
      default -> throw new IllegalArgumentException("unknown collaborative-training algorithm: " + name);
    };
  }
}
