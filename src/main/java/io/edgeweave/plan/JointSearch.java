package io.edgeweave.plan;

import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.NodeSpec;
import io.edgeweave.tensor.WireFormat;
import io.edgeweave.training.StepMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Joint model split and architecture search: every candidate architecture gets its measured accuracy and
 * its optimal multi-split ({@link SplitPlanner}); the choice minimises latency + λ·(validation accuracy points
 * below the target). Also the Pareto front of latency against accuracy, and the baselines that fix the
 * reference architecture: all on the source device, all on one edge server, all in the cloud, the best
 * single split between the device and one server (Neurosurgeon-style), and the optimal multi-split. Every
 * plan, baselines included, sends the same wire format.
 */
public final class JointSearch {
  private final Topology topology;
  private final String source;
  private final int samples;
  private final WireFormat wire;
  private final Objective objective;

  /**
   * @param source the node that holds the input and receives the output
   * @param samples samples per request
   * @param wire how inputs and activations cross links
   */
  public JointSearch(Topology topology, String source, int samples, WireFormat wire, Objective objective) {
    this.topology = topology;
    this.source = source;
    this.samples = samples;
    this.wire = wire;
    this.objective = objective;
  }

  /** What the search minimises. */
  public record Objective(double targetAccuracy, double lambdaMsPerPoint) {
    public double of(double latencyMs, double accuracy) {
      return latencyMs + lambdaMsPerPoint * Math.max(0, targetAccuracy - accuracy) * 100;
    }
  }

  /** An architecture, its accuracies, and its best placement (empty: it fits nowhere). */
  public record Candidate(ModelSpec model, Accuracy measured, Optional<SplitPlanner.Planned> plan, double objective) {
    /** The validation accuracy, which the search selects on. */
    public double accuracy() {
      return measured.validation();
    }

    public double latencyMs() {
      return plan.map(SplitPlanner.Planned::latencyMs).orElse(Double.POSITIVE_INFINITY);
    }
  }

  /** One line of the comparison: a way to place a model. */
  public record Row(String name, Candidate candidate) {}

  /**
   * @param chosen the candidate of least objective; empty if none fits the nodes
   * @param paretoFront the placeable candidates no other is both faster and more accurate than, fastest first
   * @param rows the baselines, then JMSNAS
   */
  public record Result(List<Candidate> candidates, Optional<Candidate> chosen, List<Candidate> paretoFront, List<Row> rows) {}

  /** The latency model of an architecture over this topology, with the runtime's message header. */
  public LatencyModel latencyModel(ModelSpec model) {
    return new LatencyModel(BlockChain.of(model, wire), topology, samples, StepMessage.HEADER_BYTES);
  }

  public Candidate evaluate(ModelSpec model, Accuracy accuracy, Predicate<String> mayCompute) {
    Optional<SplitPlanner.Planned> plan = new SplitPlanner(latencyModel(model)).best(source, mayCompute);
    double value = plan.map(p -> objective.of(p.latencyMs(), accuracy.validation())).orElse(Double.POSITIVE_INFINITY);
    return new Candidate(model, accuracy, plan, value);
  }

  /**
   * @param reference the fixed architecture of the baselines
   * @param accuracy measures an architecture's accuracy
   */
  public Result run(List<ModelSpec> architectures, ModelSpec reference, Function<ModelSpec, Accuracy> accuracy) {
    List<Candidate> candidates = new ArrayList<>();
    for (ModelSpec m : architectures) candidates.add(evaluate(m, accuracy.apply(m), node -> true));
    Optional<Candidate> chosen =
        candidates.stream()
            .filter(c -> c.plan().isPresent())
            .min(Comparator.comparingDouble(Candidate::objective)
                .thenComparing(Comparator.comparingDouble(Candidate::accuracy).reversed()));
    List<Row> rows = baselines(reference, accuracy.apply(reference));
    chosen.ifPresent(c -> rows.add(new Row("JMSNAS", c)));
    return new Result(candidates, chosen, paretoFront(candidates), rows);
  }

  private List<Row> baselines(ModelSpec reference, Accuracy accuracy) {
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("device only", evaluate(reference, accuracy, source::equals)));
    rows.add(new Row("edge only", bestOnOneOf(reference, accuracy, serversOf(NodeRole.EDGE), false)));
    rows.add(new Row("cloud only", bestOnOneOf(reference, accuracy, serversOf(NodeRole.CLOUD), false)));
    rows.add(new Row("single split", bestOnOneOf(reference, accuracy, serversOf(null), true)));
    rows.add(new Row("multi-split", evaluate(reference, accuracy, node -> true)));
    return rows;
  }

  /** The nodes other than the source, of {@code role} (null: any). */
  private List<String> serversOf(NodeRole role) {
    return topology.nodes().values().stream()
        .filter(n -> !n.id().equals(source) && (role == null || n.role() == role))
        .map(NodeSpec::id)
        .toList();
  }

  /** The best placement computing on one server (and, with {@code withSource}, on the source too). */
  private Candidate bestOnOneOf(ModelSpec model, Accuracy accuracy, List<String> servers, boolean withSource) {
    Candidate best = new Candidate(model, accuracy, Optional.empty(), Double.POSITIVE_INFINITY);
    for (String server : servers) {
      Candidate c = evaluate(model, accuracy, node -> node.equals(server) || (withSource && node.equals(source)));
      if (c.objective() < best.objective()) best = c;
    }
    return best;
  }

  private static List<Candidate> paretoFront(List<Candidate> candidates) {
    List<Candidate> byLatency =
        candidates.stream()
            .filter(c -> c.plan().isPresent())
            .sorted(Comparator.comparingDouble(Candidate::latencyMs)
                .thenComparing(Comparator.comparingDouble(Candidate::accuracy).reversed()))
            .toList();
    List<Candidate> front = new ArrayList<>();
    for (Candidate c : byLatency) {
      if (front.isEmpty() || c.accuracy() > front.get(front.size() - 1).accuracy()) front.add(c);
    }
    return front;
  }
}
