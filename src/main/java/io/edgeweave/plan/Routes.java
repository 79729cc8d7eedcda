package io.edgeweave.plan;

import io.edgeweave.scenario.LinkSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/** The fastest route for one message across a topology (Dijkstra over each link's time for its bytes). */
public final class Routes {
  private Routes() {}

  /** The route from {@code from} to {@code to} (both ends included) and its time; empty if none. */
  public static Optional<Route> fastest(Topology topology, String from, String to, long bytes) {
    Map<String, Double> best = new HashMap<>();
    Map<String, String> previous = new HashMap<>();
    PriorityQueue<Map.Entry<String, Double>> queue = new PriorityQueue<>(Map.Entry.comparingByValue());
    best.put(from, 0.0);
    queue.add(Map.entry(from, 0.0));
    while (!queue.isEmpty()) {
      Map.Entry<String, Double> head = queue.poll();
      String node = head.getKey();
      if (head.getValue() > best.get(node)) continue;
      if (node.equals(to)) break;
      for (String next : topology.neighbours(node)) {
        LinkSpec link = topology.link(node, next);
        double t = head.getValue() + LatencyModel.transferMs(link, bytes);
        if (t < best.getOrDefault(next, Double.POSITIVE_INFINITY)) {
          best.put(next, t);
          previous.put(next, node);
          queue.add(Map.entry(next, t));
        }
      }
    }
    if (!best.containsKey(to)) return Optional.empty();
    List<String> nodes = new ArrayList<>();
    for (String n = to; n != null; n = previous.get(n)) nodes.add(n);
    Collections.reverse(nodes);
    return Optional.of(new Route(nodes, best.get(to)));
  }

  /** Nodes from the sender to the receiver, and the time a message of the given size takes along them. */
  public record Route(List<String> nodes, double ms) {
    public Route {
      nodes = List.copyOf(nodes);
    }
  }
}
