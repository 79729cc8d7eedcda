package io.edgeweave.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed, validated scenario: the topology, the model, the data, the workload, the faults and where the
 * results go. Built once by {@link ScenarioLoader}; every random stream of a run derives from {@link #seed()}.
 *
 * @param nodes nodes by id, in file order
 * @param links links by id, in file order
 * @param placement node id → name of the JVM that must host it (multi-JVM runs); other nodes go by role
 */
public record Scenario(
    String name,
    long seed,
    Map<String, NodeSpec> nodes,
    Map<String, LinkSpec> links,
    ModelSpec model,
    DataSpec data,
    WorkloadSpec workload,
    List<FaultSpec> faults,
    RuntimeSpec runtime,
    OutputSpec output,
    Map<String, String> placement) {

  public Scenario {
    nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    links = Collections.unmodifiableMap(new LinkedHashMap<>(links));
    faults = List.copyOf(faults);
    placement = Collections.unmodifiableMap(new LinkedHashMap<>(placement));
  }

  /** This scenario with another seed (what a sweep's seeds change). */
  public Scenario withSeed(long newSeed) {
    return new Scenario(name, newSeed, nodes, links, model, data, workload, faults, runtime, output, placement);
  }

  /** This scenario with another workload. */
  public Scenario withWorkload(WorkloadSpec newWorkload) {
    return new Scenario(name, seed, nodes, links, model, data, newWorkload, faults, runtime, output, placement);
  }

  public NodeSpec node(String id) {
    NodeSpec n = nodes.get(id);
    if (n == null) throw new IllegalArgumentException("unknown node: " + id);
    return n;
  }

  /** The links between consecutive nodes of a path; each pair must be linked. */
  public List<LinkSpec> hops(List<String> path) {
    List<LinkSpec> hops = new ArrayList<>();
    for (int i = 1; i < path.size(); i++) hops.add(linkBetween(path.get(i - 1), path.get(i)).orElseThrow());
    return hops;
  }

  /** The link joining two nodes, in either direction. */
  public Optional<LinkSpec> linkBetween(String a, String b) {
    return links.values().stream().filter(l -> l.joins(a, b)).findFirst();
  }
}
