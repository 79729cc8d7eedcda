package io.edgeweave.plan;

import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.NodeSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The optimal multi-split of a block chain: which consecutive blocks run on which node of which path, so
 * that the {@link LatencyModel}'s completion latency is least and every node's blocks fit its memory.
 *
 * <p>Along one path {@code v0 … vm} the dynamic programme keeps, per node {@code i} and activation
 * {@code k} (0 = input), {@code A[i][k]}: the least time for activation {@code k} to be at {@code v_i}, and
 * {@code C[i][k']}: the least time for activation {@code k'} to be at {@code v_i} with {@code v_i}'s blocks
 * done, {@code C[i][k'] = min over k ≤ k' of A[i][k] + compute(v_i, [k, k'))} over segments that fit its
 * memory ({@code k = k'}: {@code v_i} relays). Then {@code A[i+1][k] = C[i][k] + transfer(k)}. The answer
 * is the least {@code C[i][B] + return(i)} over the nodes that run the last block. Time O(m·B²), memory
 * O(m·B).
 *
 * <p>Over a graph it walks every simple path from the source depth first, extending one DP row per node,
 * so paths that share a prefix share its rows, and drops a prefix once a lower bound of any plan through
 * it is no better than the best complete plan: the way back from its last node, plus the least over
 * {@code k} of the arrival of activation {@code k} and the remaining blocks' FLOPs at the fastest node's
 * rate. Worst case exponential in the nodes, as the simple paths are; edge–cloud topologies are shallow
 * ({@code edgeweave bench plan} measures a 20-node one).
 */
public final class SplitPlanner {
  private static final double NONE = Double.POSITIVE_INFINITY;

  private final LatencyModel model;
  private final int blocks;
  /** Least time the blocks from {@code k} on can take, computed at the fastest node's rate. */
  private final double[] remainingComputeMs;

  public SplitPlanner(LatencyModel model) {
    this.model = model;
    this.blocks = model.chain().size();
    if (blocks == 0) throw new IllegalArgumentException("nothing to place: the chain has no blocks");
    NodeSpec fastest = model.topology().nodes().values().stream()
        .max(Comparator.comparingDouble(NodeSpec::flopsPerSecond)).orElseThrow();
    this.remainingComputeMs = new double[blocks + 1];
    for (int k = 0; k <= blocks; k++) remainingComputeMs[k] = model.computeMs(fastest, k, blocks);
  }

  /** A placement and its predicted latency. */
  public record Planned(Placement placement, double latencyMs) {}

  /** The best placement over all simple paths from {@code source}, computing only where {@code mayCompute} allows. */
  public Optional<Planned> best(String source, Predicate<String> mayCompute) {
    Search search = new Search(mayCompute);
    search.visit(List.of(source), null);
    return Optional.ofNullable(search.best);
  }

  /** The best placement over all simple paths from {@code source}, on any node. */
  public Optional<Planned> best(String source) {
    return best(source, node -> true);
  }

  /** The best placement along the prefixes of one path. */
  public Optional<Planned> bestOnPath(List<String> path, Predicate<String> mayCompute) {
    Search search = new Search(mayCompute);
    search.walk(path);
    return Optional.ofNullable(search.best);
  }

  /** One DP row: node {@code v_i} of the current path. */
  private final class Row {
    final NodeSpec node;
    final double[] arrival = new double[blocks + 1];
    final double[] done = new double[blocks + 1];
    /** For {@code done[k']}: where the node's segment starts. */
    final int[] segmentStart = new int[blocks + 1];
    /** Time for the output to go back from this node to the source. */
    final double returnMs;

    Row(NodeSpec node, Row previous, boolean mayCompute) {
      this.node = node;
      if (previous == null) {
        Arrays.fill(arrival, NONE);
        arrival[0] = 0;
        returnMs = 0;
      } else {
        LinkSpec link = model.hop(previous.node.id(), node.id());
        for (int k = 0; k <= blocks; k++) {
          arrival[k] = previous.done[k] + LatencyModel.transferMs(link, model.messageBytes(k));
        }
        returnMs = previous.returnMs + LatencyModel.transferMs(link, model.messageBytes(blocks));
      }
      for (int end = 0; end <= blocks; end++) {
        done[end] = arrival[end];
        segmentStart[end] = end;
        if (!mayCompute) continue;
        for (int start = end - 1; start >= 0 && model.fits(node, start, end); start--) {
          double t = arrival[start] + model.computeMs(node, start, end);
          if (t < done[end]) {
            done[end] = t;
            segmentStart[end] = start;
          }
        }
      }
    }

    /** No plan whose path starts with this row's path is faster than this. */
    double lowerBound() {
      double least = NONE;
      for (int k = 0; k <= blocks; k++) least = Math.min(least, arrival[k] + remainingComputeMs[k]);
      return least + returnMs;
    }
  }

  /** The rows of the path being walked and the best complete plan found so far. */
  private final class Search {
    final Predicate<String> mayCompute;
    final List<Row> rows = new ArrayList<>();
    final Set<String> onPath = new HashSet<>();
    Planned best;

    Search(Predicate<String> mayCompute) {
      this.mayCompute = mayCompute;
    }

    /** Extends the path by {@code path}'s last node and recurses into every neighbour off the path. */
    void visit(List<String> path, Row previous) {
      String id = path.get(path.size() - 1);
      Row row = new Row(model.topology().node(id), previous, mayCompute.test(id));
      if (best != null && row.lowerBound() >= best.latencyMs()) return;
      rows.add(row);
      onPath.add(id);
      consider(path);
      for (String next : model.topology().neighbours(id)) {
        if (onPath.contains(next)) continue;
        List<String> longer = new ArrayList<>(path);
        longer.add(next);
        visit(longer, row);
      }
      rows.remove(rows.size() - 1);
      onPath.remove(id);
    }

    void walk(List<String> path) {
      Row previous = null;
      for (int i = 0; i < path.size(); i++) {
        previous = new Row(model.topology().node(path.get(i)), previous, mayCompute.test(path.get(i)));
        rows.add(previous);
        consider(path.subList(0, i + 1));
      }
    }

    /** The plan that ends with the last row's node running the last block, if it beats the best. */
    void consider(List<String> path) {
      Row last = rows.get(rows.size() - 1);
      boolean runsLastBlock = last.segmentStart[blocks] < blocks;
      double latency = last.done[blocks] + last.returnMs;
      if (!runsLastBlock || latency == NONE || (best != null && latency >= best.latencyMs())) return;
      Integer[] bounds = new Integer[rows.size() + 1];
      bounds[rows.size()] = blocks;
      for (int i = rows.size() - 1; i >= 0; i--) bounds[i] = rows.get(i).segmentStart[bounds[i + 1]];
      best = new Planned(new Placement(path, Arrays.asList(bounds)), latency);
    }
  }
}
