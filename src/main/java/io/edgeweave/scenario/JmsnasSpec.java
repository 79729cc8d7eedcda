package io.edgeweave.scenario;

import io.edgeweave.tensor.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code workload.type = jmsnas}: choose an architecture from a search space and its multi-split over the
 * topology (joint model split and architecture search), train it, deploy its partitions onto the nodes,
 * serve inference requests issued by {@code source}, and re-plan when nodes crash or join or links change.
 *
 * @param source the edge node that holds the data and issues the requests
 * @param samplesPerRequest test samples one request carries
 * @param wire how inputs and activations cross links, in the cost model and the runtime alike
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
    blockWidths = blockWidths.stream().map(List::copyOf).toList();
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
    return size;
  }
}
