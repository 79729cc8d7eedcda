package io.edgeweave.scenario;

/**
 * How the training set is divided among the edge devices that hold data.
 *
 * @param alpha Dirichlet concentration (scheme DIRICHLET): small = very skewed label mix
 * @param classesPerShard classes per device (scheme CLASSES)
 */
public record ShardingSpec(Scheme scheme, double alpha, int classesPerShard) {
  public enum Scheme {
    IID,
    DIRICHLET,
    CLASSES
  }
}
