package io.edgeweave.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each block of a chain runs: a simple path of nodes starting at the node that holds the input, and
 * the consecutive blocks each node runs. Node {@code path[i]} runs blocks {@code [bounds[i], bounds[i+1])};
 * a node that runs none relays activations. The last node of the path runs at least one block (a chain
 * of no blocks runs nowhere); its output goes back along the path to the first node.
 *
 * @param bounds {@code path.size() + 1} non-decreasing block indices, from 0 to the number of blocks
 */
public record Placement(List<String> path, List<Integer> bounds) {
  public Placement {
    path = List.copyOf(path);
    bounds = List.copyOf(bounds);
    if (path.isEmpty() || bounds.size() != path.size() + 1 || bounds.get(0) != 0) {
      throw new IllegalArgumentException("a placement needs a path and path + 1 bounds from 0: " + path + " " + bounds);
    }
    for (int i = 1; i < bounds.size(); i++) {
      if (bounds.get(i) < bounds.get(i - 1)) throw new IllegalArgumentException("bounds must not decrease: " + bounds);
    }
    int last = path.size() - 1;
    if (path.size() > 1 && bounds.get(last).equals(bounds.get(last + 1))) {
      throw new IllegalArgumentException("the last node of " + path + " runs no block: " + bounds);
    }
  }

  /** Everything on one node. */
  public static Placement local(String node, int blocks) {
    return new Placement(List.of(node), List.of(0, blocks));
  }

  public int blockCount() {
    return bounds.get(bounds.size() - 1);
  }

  /** First block of node {@code i} of the path. */
  public int from(int i) {
    return bounds.get(i);
  }

  /** One past the last block of node {@code i} of the path. */
  public int to(int i) {
    return bounds.get(i + 1);
  }

  /** Position of {@code node} on the path, or -1. */
  public int indexOf(String node) {
    return path.indexOf(node);
  }

  /** The nodes that run at least one block, in path order. */
  public List<String> computeNodes() {
    List<String> nodes = new ArrayList<>();
    for (int i = 0; i < path.size(); i++) {
      if (to(i) > from(i)) nodes.add(path.get(i));
    }
    return nodes;
  }

  /** {@code device-1[0,2) > edge-1[] > cloud[2,3)}: each node with its blocks. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < path.size(); i++) {
      if (i > 0) s.append(" > ");
      s.append(path.get(i)).append(to(i) > from(i) ? "[" + from(i) + "," + to(i) + ")" : "[]");
    }
    return s.toString();
  }
}
