package io.edgeweave.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code workload.type = genai}: bottom-up edge–cloud generative AI. Edge devices train their own conditional
 * VAEs on private shards; the cloud assembles them into a gated mixture of experts, cuts task-specific models
 * out of it for the edges, and generation requests are served at the edge or in the cloud. The run compares
 * the {@code strategies} on image quality, traffic and request latency.
 *
 * @param cloud the cloud node
 * @param edges the edge devices, each linked to the cloud, each holding one shard of the training set
 * @param experts the VAE sizes of the edges, used in turn (edge i gets {@code experts[i mod size]})
 * @param baseline the VAE size of the FedAvg and centralised baselines
 * @param categories task categories: name → classes
 */
public record GenAiSpec(
    String cloud,
    List<String> edges,
    List<Vae> experts,
    Vae baseline,
    Training local,
    Map<String, List<Integer>> categories,
    int topK,
    Assembly assembly,
    int fedAvgRounds,
    int fedAvgLocalEpochs,
    Personalisation personalisation,
    Serving serving,
    Quality quality,
    List<Strategy> strategies)
    implements WorkloadSpec {
  public static final String TYPE = "genai";

  /** What the run compares. */
  public enum Strategy {
    EDGE_ONLY,
    FEDAVG,
    CENTRALISED,
    FREEZE,
    FINE_TUNE,
    DEPLOYED
  }

  public record Vae(List<Integer> hidden, int latent) {
    public Vae {
      hidden = List.copyOf(hidden);
    }
  }

  public record Training(int epochs, int batchSize, double learningRate) {}

  /** @param samples images the experts generate as the cloud's training set */
  public record Assembly(int samples, int epochs, int batchSize, double learningRate) {}

  /** @param minShare an edge serves a category when at least this share of its samples belong to it */
  public record Personalisation(int epochs, double learningRate, double minShare) {}

  /**
   * @param requests generation requests, arriving at random edges
   * @param meanInterval mean time between requests (exponential)
   * @param images images per request
   * @param localShare probability that a request asks for a class drawn from its edge's own data (else uniform)
   * @param qualityFloor class fidelity a request needs
   */
  public record Serving(int requests, Duration meanInterval, int images, Duration deadline, double qualityFloor, double localShare) {}

  /** @param samplesPerClass generated images judged per class */
  /** @param frechetResamples bootstrap resamples of each judged class's Fréchet distance (0: no interval) */
  public record Quality(
      int samplesPerClass, List<Integer> refereeChannels, int refereeFeatures, int refereeEpochs, int frechetResamples) {
    public Quality {
      refereeChannels = List.copyOf(refereeChannels);
    }
  }

  public GenAiSpec {
    edges = List.copyOf(edges);
    experts = List.copyOf(experts);
    categories = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(categories));
    strategies = List.copyOf(strategies);
  }

  @Override
  public String type() {
    return TYPE;
  }
}
