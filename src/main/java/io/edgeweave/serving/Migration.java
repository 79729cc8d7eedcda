package io.edgeweave.serving;

import io.edgeweave.plan.Placement;
import io.edgeweave.plan.Routes;
import io.edgeweave.plan.Topology;
import io.edgeweave.scenario.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which weights move where for a new placement: every node that will run a block it does not hold gets it
 * from the live node that holds it and can send it fastest, or else from the checkpoint of the trained model
 * (kept in the cloud); consecutive blocks from one source travel as one message along the fastest route.
 */
public final class Migration {
  private Migration() {}

  /**
   * One message of weights.
   *
   * @param source the sending node
   * @param fromCheckpoint whether the source sends from the checkpoint (else from the blocks it runs)
   * @param route source first, destination last (one node when the checkpoint is at the destination)
   */
  public record Transfer(String source, boolean fromCheckpoint, String destination, int from, int to, List<String> route, long bytes) {}

  /**
   * @param held the blocks each live node holds
   * @param checkpoint the node that holds the checkpoint
   * @throws IllegalStateException if a destination can be reached neither from a holder nor from the checkpoint
   */
  public static List<Transfer> plan(
      ModelSpec model, Placement target, Topology topology, Map<String, Set<Integer>> held, String checkpoint) {
    List<Transfer> transfers = new ArrayList<>();
    for (int i = 0; i < target.path().size(); i++) {
      String destination = target.path().get(i);
      Set<Integer> has = held.getOrDefault(destination, Set.of());
      Source[] sources = new Source[target.to(i) - target.from(i)];
      for (int k = target.from(i); k < target.to(i); k++) {
        if (!has.contains(k)) sources[k - target.from(i)] = bestSource(model, topology, held, checkpoint, destination, k);
      }
      for (int start = 0; start < sources.length; start++) {
        if (sources[start] == null) continue;
        int end = start + 1;
        while (end < sources.length && sources[start].equals(sources[end])) end++;
        int from = target.from(i) + start;
        int to = target.from(i) + end;
        long bytes = bytes(model, from, to);
        Routes.Route route = Routes.fastest(topology, sources[start].node(), destination, bytes)
            .orElseThrow(() -> new IllegalStateException("no route to " + destination + " for the weights it needs"));
        transfers.add(new Transfer(sources[start].node(), sources[start].checkpoint(), destination, from, to, route.nodes(), bytes));
        start = end - 1;
      }
    }
    return transfers;
  }

  /** Bytes of the message carrying blocks {@code [from, to)}. */
  public static long bytes(ModelSpec model, int from, int to) {
    return model.parameterCount(from, to) * Float.BYTES + ServingMessage.HEADER_BYTES;
  }

  private record Source(String node, boolean checkpoint) {}

  /** The live holder of block {@code k} that can send it to {@code destination} fastest, else the checkpoint. */
  private static Source bestSource(
      ModelSpec model, Topology topology, Map<String, Set<Integer>> held, String checkpoint, String destination, int k) {
    long bytes = bytes(model, k, k + 1);
    Source best = new Source(checkpoint, true);
    double bestMs = Double.POSITIVE_INFINITY;
    for (Map.Entry<String, Set<Integer>> e : held.entrySet()) {
      if (e.getKey().equals(destination) || !e.getValue().contains(k)) continue;
      Optional<Routes.Route> route = Routes.fastest(topology, e.getKey(), destination, bytes);
      if (route.isPresent() && route.get().ms() < bestMs) {
        best = new Source(e.getKey(), false);
        bestMs = route.get().ms();
      }
    }
    return best;
  }
}
