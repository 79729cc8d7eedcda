package io.edgeweave.plan;

import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.NodeSpec;
import io.edgeweave.scenario.Scenario;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The nodes and links a plan may use, as the planner knows them now: the scenario's topology without the
 * nodes that are down and with the link rates last measured. Immutable; the {@code with...} methods give
 * changed copies.
 *
 * @param nodes nodes by id, in scenario order
 * @param links links by id, in scenario order
 */
public record Topology(Map<String, NodeSpec> nodes, Map<String, LinkSpec> links) {
  public Topology {
    nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    links = Collections.unmodifiableMap(new LinkedHashMap<>(links));
    for (LinkSpec l : links.values()) {
      if (!nodes.containsKey(l.from()) || !nodes.containsKey(l.to())) {
        throw new IllegalArgumentException("link " + l.id() + " joins a node that is not in the topology");
      }
    }
  }

  public static Topology of(Scenario scenario) {
    return new Topology(scenario.nodes(), scenario.links());
  }

  public static Topology of(List<NodeSpec> nodes, List<LinkSpec> links) {
    Map<String, NodeSpec> n = new LinkedHashMap<>();
    nodes.forEach(node -> n.put(node.id(), node));
    Map<String, LinkSpec> l = new LinkedHashMap<>();
    links.forEach(link -> l.put(link.id(), link));
    return new Topology(n, l);
  }

  public NodeSpec node(String id) {
    NodeSpec node = nodes.get(id);
    if (node == null) throw new IllegalArgumentException("no node " + id + " in the topology");
    return node;
  }

  /** The link joining two nodes, or null. */
  public LinkSpec link(String a, String b) {
    for (LinkSpec l : links.values()) {
      if (l.joins(a, b)) return l;
    }
    return null;
  }

  /** The neighbours of a node, in link order. */
  public List<String> neighbours(String id) {
    List<String> result = new ArrayList<>();
    for (LinkSpec l : links.values()) {
      if (l.from().equals(id)) result.add(l.to());
      else if (l.to().equals(id)) result.add(l.from());
    }
    return result;
  }

  /** Only the nodes in {@code keep}, and the links between them. */
  public Topology restrictedTo(Set<String> keep) {
    Map<String, NodeSpec> n = new LinkedHashMap<>(nodes);
    n.keySet().retainAll(keep);
    Map<String, LinkSpec> l = new LinkedHashMap<>(links);
    l.values().removeIf(link -> !keep.contains(link.from()) || !keep.contains(link.to()));
    return new Topology(n, l);
  }

  /** Without the links that {@code drop} selects (a partitioned link carries nothing). */
  public Topology withoutLinks(Predicate<LinkSpec> drop) {
    Map<String, LinkSpec> l = new LinkedHashMap<>(links);
    l.values().removeIf(drop);
    return new Topology(nodes, l);
  }

  /** The same topology with link {@code id} at another rate. */
  public Topology withRate(String id, double bitsPerSecond) {
    LinkSpec l = links.get(id);
    if (l == null) throw new IllegalArgumentException("no link " + id + " in the topology");
    Map<String, LinkSpec> changed = new LinkedHashMap<>(links);
    changed.put(id, new LinkSpec(l.id(), l.kind(), l.from(), l.to(), bitsPerSecond, l.propagation(), l.jitter(),
        l.loss(), l.duplicate(), l.reorder()));
    return new Topology(nodes, changed);
  }
}
