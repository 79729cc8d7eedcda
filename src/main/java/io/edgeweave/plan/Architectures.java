package io.edgeweave.plan;

import io.edgeweave.scenario.JmsnasSpec;
import io.edgeweave.scenario.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The architectures of a search space: MLPs whose hidden blocks take one of their widths each. */
public final class Architectures {
  private Architectures() {}

  /**
   * Every combination of block widths, blocks of width 0 left out, in the order the space lists them
   * (the first block varies slowest); combinations that leave the same network appear once.
   *
   * @param base inputs, classes, activation and optimiser of every candidate
   */
  public static List<ModelSpec> of(JmsnasSpec spec, ModelSpec base) {
    Set<List<Integer>> hidden = new LinkedHashSet<>();
    combine(spec.blockWidths(), 0, new ArrayList<>(), hidden);
    return hidden.stream().map(h -> withHidden(base, h)).toList();
  }

  private static void combine(List<List<Integer>> blocks, int block, List<Integer> chosen, Set<List<Integer>> out) {
    if (block == blocks.size()) {
      out.add(chosen.stream().filter(w -> w > 0).toList());
      return;
    }
    for (int width : blocks.get(block)) {
      chosen.add(width);
      combine(blocks, block + 1, chosen, out);
      chosen.remove(chosen.size() - 1);
    }
  }

  public static ModelSpec withHidden(ModelSpec base, List<Integer> hidden) {
    return new ModelSpec(base.type(), base.inputs(), hidden, base.classes(), base.activation(), base.updater(), base.learningRate());
  }

  /** {@code 784-128-64-10}. */
  public static String name(ModelSpec m) {
    return Stream.of(List.of(m.inputs()), m.hidden(), List.of(m.classes()))
        .flatMap(List::stream)
        .map(String::valueOf)
        .collect(Collectors.joining("-"));
  }
}
