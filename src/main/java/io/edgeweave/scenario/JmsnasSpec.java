package io.edgeweave.scenario;

import io.edgeweave.tensor.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code workload.type = jmsnas}: choose an architecture from a search space and its multi-split over the
 * topology (joint model split and architecture search), train it, deploy its partitions onto the nodes,
 * serve inference requests issued by {@code source}, and re-plan when nodes crash or join or links change.
 *
 * @param source the edge node that holds the data and issues the requests
 * @param samplesPerRequest test samples one request carries
 * @param wire how inputs and activations cross links, in the cost model and the runtime alike
 * @param convolutions the convolution blocks candidates may start with, before the hidden blocks (none: MLPs only)
 * @param blockWidths per hidden block of the search space, the widths it may take (0 skips the block)
 * @param targetAccuracy the accuracy the chosen model should reach
 * @param lambda latency charged per accuracy point (0.01) below the target
 * @param searchEpochs epochs of the short training that measures a candidate's accuracy
 * @param validation the last training samples, held out to measure the candidates' accuracy the search selects on
 * @param confirmation the training samples before the validation ones, held out to confirm that the chosen model
 *     reaches the target (never seen by the selection)
 * @param maxCandidates the search refuses a space with more candidates than this
 * @param cache folder of measured candidate accuracies, shared by runs
 * @param trainMaxEpochs the chosen model trains until it reaches the target, at most this many epochs
 * @param requests inference requests to serve
 * @param interval virtual time between request arrivals (0: all arrive at once)
 * @param detection virtual time from a node's crash until the cluster declares it down
 */
public record JmsnasSpec(
    String source,
    int samplesPerRequest,
    WireFormat wire,
    List<ConvChoices> convolutions,
    List<List<Integer>> blockWidths,
    double targetAccuracy,
    Duration lambda,
    int searchEpochs,
    int validation,
    int confirmation,
    int maxCandidates,
    Path cache,
    int trainMaxEpochs,
    int requests,
    Duration interval,
    Duration detection)
    implements WorkloadSpec {
  public static final String TYPE = "jmsnas";

  public JmsnasSpec {
    convolutions = List.copyOf(convolutions);
    blockWidths = blockWidths.stream().map(List::copyOf).toList();
  }

  /**
   * The choices of one convolution block of the search space ({@link ConvSpec}: same padding, the model's
   * activation, then max pooling if the pool is above 1).
   *
   * @param filters the filter counts it may take (0 skips the block)
   */
  public record ConvChoices(List<Integer> filters, List<Integer> kernels, List<Integer> pools) {
    public ConvChoices {
      filters = List.copyOf(filters);
      kernels = List.copyOf(kernels);
      pools = List.copyOf(pools);
    }

    long size() {
      return (long) filters.size() * kernels.size() * pools.size();
    }
  }

  /**
   * The image convolution candidates read their input as: a CNN reference model's own, else one channel of a
   * square of the model's inputs; empty if the inputs are no square.
   */
  public static Optional<TensorShape.Grid> imageOf(ModelSpec model) {
    if (model.image() != null) return Optional.of(model.image());
    int side = (int) Math.round(Math.sqrt(model.inputs()));
    return side * side == model.inputs() ? Optional.of(new TensorShape.Grid(1, side, side)) : Optional.empty();
  }

  @Override
  public String type() {
    return TYPE;
  }

  /** Latency in ms charged per accuracy point short of the target. */
  public double lambdaMsPerPoint() {
    return lambda.toNanos() / 1e6;
  }

  /** How many architectures the search space spans (before merging those that skip to the same network). */
  public long spaceSize() {
    long size = 1;
    for (List<Integer> widths : blockWidths) size *= widths.size();
    for (ConvChoices c : convolutions) size *= c.size();
    return size;
  }
}
