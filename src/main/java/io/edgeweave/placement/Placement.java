package io.edgeweave.placement;

import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.NodeSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which JVM hosts each node and link of a scenario, as a pure function of the scenario and the JVMs that are up.
 * A pinned node goes to its JVM; any other node goes to the least loaded JVM of its role (ties: the first name
 * in alphabetical order), in the scenario's node order. A link lives with its {@code from} node, so every message
 * it carries crosses the network once. The same inputs give the same placement on every run.
 *
 * @param nodes node id → JVM name
 * @param links link id → JVM name
 * @param unmet why some node has no JVM now (empty when every node is placed)
 */
public record Placement(Map<String, String> nodes, Map<String, String> links, List<String> unmet) {

  /** A JVM that hosts nodes: its unique name and the roles of the nodes it takes. */
  public record Jvm(String name, Set<NodeRole> roles) {}

  public Placement {
    nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    links = Collections.unmodifiableMap(new LinkedHashMap<>(links));
    unmet = List.copyOf(unmet);
  }

  public boolean complete() {
    return unmet.isEmpty();
  }

  /**
   * @param nodes the scenario's nodes, in file order
   * @param pins node id → JVM name, from the scenario's {@code placement}
   */
  public static Placement of(
      Collection<NodeSpec> nodes, Collection<LinkSpec> links, Map<String, String> pins, Collection<Jvm> jvms) {
    List<Jvm> sorted = jvms.stream().sorted(Comparator.comparing(Jvm::name)).toList();
    Map<String, Jvm> byName = new LinkedHashMap<>();
    sorted.forEach(j -> byName.put(j.name(), j));
    Map<String, Integer> load = new LinkedHashMap<>();
    Map<String, String> nodeJvm = new LinkedHashMap<>();
    List<String> unmet = new ArrayList<>();
    for (NodeSpec node : nodes) {
      String pin = pins.get(node.id());
      if (pin == null) continue;
      Jvm jvm = byName.get(pin);
      if (jvm == null) {
        unmet.add("node " + node.id() + " is pinned to JVM " + pin + ", which is not up");
      } else if (!jvm.roles().contains(node.role())) {
        unmet.add("node " + node.id() + " (" + node.role().configName() + ") is pinned to JVM " + pin
            + ", which takes " + roles(jvm.roles()) + " nodes");
      } else {
        assign(node.id(), jvm, nodeJvm, load);
      }
    }
    for (NodeSpec node : nodes) {
      if (pins.containsKey(node.id())) continue;
      sorted.stream()
          .filter(j -> j.roles().contains(node.role()))
          .min(Comparator.comparingInt((Jvm j) -> load.getOrDefault(j.name(), 0)))
          .ifPresentOrElse(
              j -> assign(node.id(), j, nodeJvm, load),
              () -> unmet.add("no JVM with role " + node.role().configName() + " is up for node " + node.id()));
    }
    Map<String, String> linkJvm = new LinkedHashMap<>();
    for (LinkSpec link : links) {
      String jvm = nodeJvm.get(link.from());
      if (jvm != null) linkJvm.put(link.id(), jvm);
    }
    return new Placement(nodeJvm, linkJvm, unmet);
  }

  private static void assign(String nodeId, Jvm jvm, Map<String, String> nodeJvm, Map<String, Integer> load) {
    nodeJvm.put(nodeId, jvm.name());
    load.merge(jvm.name(), 1, Integer::sum);
  }

  private static String roles(Set<NodeRole> roles) {
    return String.join("/", roles.stream().map(NodeRole::configName).sorted().toList());
  }
}
