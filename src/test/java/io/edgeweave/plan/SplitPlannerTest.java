package io.edgeweave.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.scenario.NodeRole;
import io.edgeweave.tensor.WireFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The dynamic programme finds the same optimum as trying every placement, on hundreds of random instances. */
class SplitPlannerTest {
  private static final int INSTANCES = 600;

  @Test
  void matchesExhaustiveSearchOnRandomGraphs() {
    SplittableRandom random = new SplittableRandom(20240601);
    int feasible = 0;
    int split = 0;
    int multiSplit = 0;
    for (int n = 0; n < INSTANCES; n++) {
      LatencyModel model = RandomInstances.model(random, 5, 6);
      Predicate<String> mayCompute = n % 4 == 3 ? restriction(random, model) : node -> true;
      Optional<SplitPlanner.Planned> planned = new SplitPlanner(model).best("n0", mayCompute);
      OptionalDouble exhaustive = exhaustive(model, mayCompute);
      String instance = "instance " + n + ": " + model.topology() + " " + model.chain();

      assertEquals(exhaustive.isPresent(), planned.isPresent(), instance);
      if (planned.isEmpty()) continue;
      feasible++;
      double expected = exhaustive.getAsDouble();
      assertEquals(expected, planned.get().latencyMs(), 1e-9 * expected, instance);
      Placement p = planned.get().placement();
      LatencyModel.Breakdown check = model.evaluate(p);
      assertEquals(check.totalMs(), planned.get().latencyMs(), 1e-9 * expected, instance);
      assertTrue(check.fits(), instance);
      for (int i = 0; i < p.path().size(); i++) {
        assertTrue(p.to(i) == p.from(i) || mayCompute.test(p.path().get(i)), instance);
      }
      if (p.computeNodes().size() > 1) split++;
      if (p.computeNodes().size() > 2) multiSplit++;
    }
    assertTrue(feasible > INSTANCES / 2, "most instances have a plan: " + feasible);
    assertTrue(split > 100, "the optimum often splits: " + split);
    assertTrue(multiSplit > 15, "and sometimes more than once: " + multiSplit);
  }

  @Test
  void bestOnAChainMatchesExhaustiveSearch() {
    SplittableRandom random = new SplittableRandom(77);
    for (int n = 0; n < 300; n++) {
      LatencyModel model = chain(random);
      List<String> path = List.copyOf(model.topology().nodes().keySet());
      Optional<SplitPlanner.Planned> planned = new SplitPlanner(model).bestOnPath(path, node -> true);
      OptionalDouble exhaustive = exhaustive(model, node -> true);
      assertEquals(exhaustive.isPresent(), planned.isPresent());
      planned.ifPresent(p -> assertEquals(exhaustive.getAsDouble(), p.latencyMs(), 1e-9 * p.latencyMs()));
    }
  }

  @Test
  void noPlanWhenNothingFits() {
    LatencyModel model =
        new LatencyModel(
            new BlockChain(1, List.of(new Block("big", 10, 1_000, 1)), WireFormat.FLOAT32),
            Topology.of(
                List.of(RandomInstances.node("d", NodeRole.EDGE, 1e9, 100), RandomInstances.node("c", NodeRole.CLOUD, 1e9, 100)),
                List.of(RandomInstances.link("l", "d", "c", 1e6, 1))),
            1,
            0);
    assertFalse(new SplitPlanner(model).best("d").isPresent());
  }

  /** A chain n0 - n1 - ... with random costs. */
  private static LatencyModel chain(SplittableRandom random) {
    LatencyModel any = RandomInstances.model(random, 5, 7);
    List<String> ids = List.copyOf(any.topology().nodes().keySet());
    List<io.edgeweave.scenario.LinkSpec> links = new ArrayList<>();
    for (int i = 1; i < ids.size(); i++) {
      links.add(RandomInstances.link("c" + i, ids.get(i - 1), ids.get(i), RandomInstances.logUniform(random, 1e4, 1e9), random.nextDouble() * 5));
    }
    return any.on(Topology.of(List.copyOf(any.topology().nodes().values()), links));
  }

  /** Some nodes may compute, the others only relay. */
  private static Predicate<String> restriction(SplittableRandom random, LatencyModel model) {
    Set<String> allowed = new java.util.HashSet<>();
    for (String id : model.topology().nodes().keySet()) {
      if (random.nextBoolean()) allowed.add(id);
    }
    return allowed::contains;
  }

  /** The least latency over every simple path from n0 and every assignment of blocks along it. */
  private static OptionalDouble exhaustive(LatencyModel model, Predicate<String> mayCompute) {
    List<List<String>> paths = new ArrayList<>();
    extend(model.topology(), new ArrayList<>(List.of("n0")), paths);
    double best = Double.POSITIVE_INFINITY;
    int blocks = model.chain().size();
    for (List<String> path : paths) {
      for (List<Integer> bounds : compositions(path.size(), blocks)) {
        Placement p;
        try {
          p = new Placement(path, bounds);
        } catch (IllegalArgumentException e) {
          continue; // the last node runs no block: a shorter path covers this
        }
        boolean allowed = true;
        for (int i = 0; i < path.size(); i++) allowed &= p.to(i) == p.from(i) || mayCompute.test(path.get(i));
        LatencyModel.Breakdown b = model.evaluate(p);
        if (allowed && b.fits()) best = Math.min(best, b.totalMs());
      }
    }
    return best == Double.POSITIVE_INFINITY ? OptionalDouble.empty() : OptionalDouble.of(best);
  }

  private static void extend(Topology t, List<String> path, List<List<String>> paths) {
    paths.add(List.copyOf(path));
    for (String next : t.neighbours(path.get(path.size() - 1))) {
      if (path.contains(next)) continue;
      path.add(next);
      extend(t, path, paths);
      path.remove(path.size() - 1);
    }
  }

  /** Every non-decreasing list of {@code nodes + 1} bounds from 0 to {@code blocks}. */
  private static List<List<Integer>> compositions(int nodes, int blocks) {
    List<List<Integer>> all = new ArrayList<>();
    fill(new ArrayList<>(List.of(0)), nodes, blocks, all);
    return all;
  }

  private static void fill(List<Integer> prefix, int nodes, int blocks, List<List<Integer>> all) {
    if (prefix.size() == nodes) {
      List<Integer> bounds = new ArrayList<>(prefix);
      bounds.add(blocks);
      all.add(bounds);
      return;
    }
    for (int b = prefix.get(prefix.size() - 1); b <= blocks; b++) {
      prefix.add(b);
      fill(prefix, nodes, blocks, all);
      prefix.remove(prefix.size() - 1);
    }
  }
}
