package io.edgeweave.serving;

import io.edgeweave.plan.BlockChain;
import io.edgeweave.plan.LatencyModel;
import io.edgeweave.plan.Placement;
import io.edgeweave.plan.SplitPlanner;
import io.edgeweave.plan.Topology;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.NodeSpec;
import io.edgeweave.tensor.WireFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * What the orchestrator knows and decides, without actors: which nodes are up, the links' rates as last
 * probed, which blocks each node holds, and the deployment in force. When the topology changes it plans the
 * deployed model's multi-split anew ({@link SplitPlanner}) and works out the roles and the weights to move
 * ({@link Migration}); a deployment is in force once every node of its path has installed its blocks.
 */
public final class Orchestration {
  private final ModelSpec model;
  private final WireFormat wire;
  private final Topology scenario;
  private final String source;
  private final int samples;
  private final Set<String> up = new HashSet<>();
  private final Map<String, Double> rates = new HashMap<>();
  private final Set<String> partitioned = new HashSet<>();
  private final Map<String, Set<Integer>> held = new HashMap<>();
  private int epoch;
  private Deployment current;
  private Deployment pending;
  private final Map<String, Double> installedAt = new HashMap<>();

  /**
   * @param wire how inputs and activations cross links
   * @param scenario every node and link of the scenario, at their configured rates
   * @param up the nodes up at the start
   */
  public Orchestration(ModelSpec model, WireFormat wire, Topology scenario, String source, int samples, Set<String> up) {
    this.model = model;
    this.wire = wire;
    this.scenario = scenario;
    this.source = source;
    this.samples = samples;
    this.up.addAll(up);
  }

  /**
   * A planned deployment.
   *
   * @param predictedMs the latency model's prediction for one request under {@code placement}
   * @param startMs virtual time the change starts: weights leave then, and no request starts earlier
   */
  public record Deployment(int epoch, Placement placement, double predictedMs, List<Role> roles, List<Migration.Transfer> transfers, double startMs) {
    /** Bytes of weights sent over links (a checkpoint already at its destination moves nothing). */
    public long bytesMoved() {
      return transfers.stream().filter(t -> t.route().size() > 1).mapToLong(Migration.Transfer::bytes).sum();
    }

    /** Messages of weights sent over links. */
    public int messagesMoved() {
      return (int) transfers.stream().filter(t -> t.route().size() > 1).count();
    }
  }

  /** The topology as known now: nodes up, links not cut, at their last probed rates. */
  public Topology topology() {
    Topology t = scenario.restrictedTo(up).withoutLinks(l -> partitioned.contains(l.id()));
    for (Map.Entry<String, Double> r : rates.entrySet()) {
      if (t.links().containsKey(r.getKey())) t = t.withRate(r.getKey(), r.getValue());
    }
    return t;
  }

  public LatencyModel latencyModel() {
    return new LatencyModel(BlockChain.of(model, wire), topology(), samples, ServingMessage.HEADER_BYTES);
  }

  public boolean isUp(String node) {
    return up.contains(node);
  }

  public Set<String> up() {
    return Set.copyOf(up);
  }

  /** A node went down: it holds nothing any more. Returns whether it was up. */
  public boolean down(String node) {
    held.remove(node);
    installedAt.remove(node);
    return up.remove(node);
  }

  /** A node (re)joined, empty. */
  public void joined(String node) {
    up.add(node);
    held.remove(node);
  }

  /** A link's probed state; returns whether it differs from what the planner knew. */
  public boolean probed(String link, double bitsPerSecond, boolean cut) {
    boolean changed = cut != partitioned.contains(link) || bitsPerSecond != rate(link);
    rates.put(link, bitsPerSecond);
    if (cut) partitioned.add(link);
    else partitioned.remove(link);
    return changed;
  }

  private double rate(String link) {
    return rates.getOrDefault(link, scenario.links().get(link).bitsPerSecond());
  }

  /**
   * Plans the next deployment from {@code startMs} on, for requests from {@code request} on.
   *
   * @return empty if no placement of the model fits the nodes that are up
   * @throws IllegalStateException if some weights cannot reach their new host
   */
  public Optional<Deployment> plan(double startMs) {
    Optional<SplitPlanner.Planned> planned = new SplitPlanner(latencyModel()).best(source);
    if (planned.isEmpty()) return Optional.empty();
    Placement p = planned.get().placement();
    epoch++;
    List<Role> roles = IntStream.range(0, p.path().size())
        .mapToObj(i -> new Role(epoch, model, wire, p.path(), i, p.from(i), p.to(i)))
        .toList();
    List<Migration.Transfer> transfers = Migration.plan(model, p, topology(), held, checkpoint());
    pending = new Deployment(epoch, p, planned.get().latencyMs(), roles, transfers, startMs);
    installedAt.clear();
    return Optional.of(pending);
  }

  /** The node that keeps the trained model's checkpoint: the first cloud node that is up. */
  public String checkpoint() {
    return scenario.nodes().values().stream()
        .filter(n -> n.role() == NodeRole.CLOUD && up.contains(n.id()))
        .map(NodeSpec::id)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no cloud node is up to keep the checkpoint"));
  }

  /**
   * A node installed its part of deployment {@code epoch}. Returns the deployment once every node of its
   * path has, now in force (its nodes then hold only their blocks).
   */
  public Optional<Deployment> installed(String node, int installedEpoch, double readyMs) {
    if (pending == null || installedEpoch != pending.epoch()) return Optional.empty();
    installedAt.put(node, readyMs);
    if (!installedAt.keySet().containsAll(pending.placement().path())) return Optional.empty();
    current = pending;
    pending = null;
    held.clear();
    for (Role r : current.roles()) {
      Set<Integer> blocks = new TreeSet<>();
      for (int k = r.from(); k < r.to(); k++) blocks.add(k);
      held.put(r.node(), blocks);
    }
    return Optional.of(current);
  }

  /** Virtual time from which the deployment in force serves: when its last node was installed. */
  public double readyMs() {
    return current.placement().path().stream().mapToDouble(installedAt::get).max().orElse(current.startMs());
  }

  /** The deployment in force, if any. */
  public Optional<Deployment> current() {
    return Optional.ofNullable(current);
  }

  /** The deployment being installed, if any. */
  public Optional<Deployment> pending() {
    return Optional.ofNullable(pending);
  }

  /** Whether {@code node} is on the path of the deployment in force or being installed. */
  public boolean onPath(String node) {
    return current != null && current.placement().path().contains(node)
        || pending != null && pending.placement().path().contains(node);
  }

  /** The up nodes off every path in use: they get heartbeats, the path nodes get traffic. */
  public List<String> idle() {
    List<String> idle = new ArrayList<>();
    for (String id : scenario.nodes().keySet()) if (up.contains(id) && !onPath(id)) idle.add(id);
    return idle;
  }

  /** The links of the scenario between nodes that are up, to be probed. */
  public List<String> probedLinks() {
    List<String> links = new ArrayList<>();
    for (LinkSpec l : scenario.links().values()) if (up.contains(l.from()) && up.contains(l.to())) links.add(l.id());
    return links;
  }

  /** What the model predicts for one request under the deployment in force, on the topology as now known. */
  public double predictedMs() {
    return latencyModel().evaluate(current.placement()).totalMs();
  }

  /**
   * What the orchestrator knows and decided, for a checkpoint.
   *
   * @param installedAt node → virtual time it installed its part of the deployment in force
   */
  public record State(
      Set<String> up, Map<String, Double> rates, Set<String> partitioned, Map<String, Set<Integer>> held, int epoch,
      Deployment current, Deployment pending, Map<String, Double> installedAt) {}

  public State state() {
    Map<String, Set<Integer>> heldNow = new HashMap<>();
    held.forEach((node, blocks) -> heldNow.put(node, new TreeSet<>(blocks)));
    return new State(new TreeSet<>(up), new HashMap<>(rates), new TreeSet<>(partitioned), heldNow, epoch, current, pending,
        new HashMap<>(installedAt));
  }

  /** Carries on from a state taken by {@link #state()} of an orchestration of the same model and topology. */
  public void restore(State state) {
    up.clear();
    up.addAll(state.up());
    rates.clear();
    rates.putAll(state.rates());
    partitioned.clear();
    partitioned.addAll(state.partitioned());
    held.clear();
    state.held().forEach((node, blocks) -> held.put(node, new TreeSet<>(blocks)));
    epoch = state.epoch();
    current = state.current();
    pending = state.pending();
    installedAt.clear();
    installedAt.putAll(state.installedAt());
  }

  /** Links by id with their current rate, for reports. */
  public Map<String, Double> rates() {
    Map<String, Double> r = new LinkedHashMap<>();
    scenario.links().keySet().forEach(id -> r.put(id, rate(id)));
    return r;
  }
}
