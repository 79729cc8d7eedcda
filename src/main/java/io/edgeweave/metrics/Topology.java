package io.edgeweave.metrics;

import io.edgeweave.scenario.LayerDef;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.NetworkPlan;
import io.edgeweave.scenario.NodeSpec;
import io.edgeweave.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's nodes and links as its report draws them: what each node held (the partition it ran, and where) and
 * which nodes and links the scenario's faults struck.
 */
public record Topology(List<Node> nodes, List<Link> links) {
  public Topology {
    nodes = List.copyOf(nodes);
    links = List.copyOf(links);
  }

  /** @param held what the node ran, a line each (empty: nothing) */
  public record Node(String id, String role, List<String> held, boolean struck) {
    public Node {
      held = List.copyOf(held);
    }
  }

  /** @param detail the link's kind and rate, in a few words */
  public record Link(String id, String from, String to, String detail, boolean struck) {}

  /** The scenario's nodes and links; {@code held} gives node id → what it ran. */
  public static Topology of(Scenario scenario, Map<String, List<String>> held) {
    List<Node> nodes = new ArrayList<>();
    for (NodeSpec n : scenario.nodes().values()) {
      boolean struck = scenario.faults().stream().anyMatch(f -> f.onNode(n.id()));
      nodes.add(new Node(n.id(), n.role().configName(), held.getOrDefault(n.id(), List.of()), struck));
    }
    List<Link> links = new ArrayList<>();
    for (LinkSpec l : scenario.links().values()) {
      boolean struck = scenario.faults().stream().anyMatch(f -> f.onLink(l.id()));
      links.add(new Link(l.id(), l.from(), l.to(), describe(l), struck));
    }
    return new Topology(nodes, links);
  }

  /** A split-training run's topology: partition {@code i} of {@code plan} runs on {@code path.get(i)}. */
  public static Topology splitTraining(Scenario scenario, List<String> path, NetworkPlan plan) {
    Map<String, List<String>> held = new LinkedHashMap<>();
    for (int i = 0; i < path.size(); i++) {
      List<LayerDef> layers = plan.partition(i);
      StringBuilder shapes = new StringBuilder().append(plan.partitionInput(i).size());
      layers.forEach(l -> shapes.append('→').append(l.output().size()));
      held.computeIfAbsent(path.get(i), k -> new ArrayList<>()).add(String.format(Locale.ROOT,
          "partition %d: %s", i, shapes));
      held.get(path.get(i)).add(String.format(Locale.ROOT, "  %,d parameters", plan.parameters(i)));
    }
    return of(scenario, held);
  }

  /** The same topology with the JVM that hosted each node (node id → JVM name) added to what it held. */
  public Topology hostedOn(Map<String, String> jvmByNode) {
    if (jvmByNode.isEmpty()) return this;
    List<Node> hosted = nodes.stream().map(n -> {
      String jvm = jvmByNode.get(n.id());
      if (jvm == null) return n;
      List<String> held = new ArrayList<>(n.held());
      held.add("on JVM " + jvm);
      return new Node(n.id(), n.role(), held, n.struck());
    }).toList();
    return new Topology(hosted, links);
  }

  private static String describe(LinkSpec l) {
    String kind = l.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
    return l.mimo() != null ? kind : Decimals.format(l.bitsPerSecond() / 1e6, 3) + " Mbps";
  }
}
