package io.edgeweave.cluster;

import io.edgeweave.metrics.RunSummary;
import io.edgeweave.tensor.Tensor;
import java.util.List;

/**
 * A run's outcome: its summary and the final parameters (of each partition in path order, or the global model).
 */
public record RunOutcome(RunSummary summary, List<Tensor> parameters) {}
