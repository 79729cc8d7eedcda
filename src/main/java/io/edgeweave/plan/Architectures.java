package io.edgeweave.plan;

import io.edgeweave.scenario.ConvSpec;
import io.edgeweave.scenario.JmsnasSpec;
import io.edgeweave.scenario.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The architectures of a search space: networks that start with 0 or more convolution blocks, each taking one
 * of its filter counts, kernels and pools, followed by hidden dense blocks taking one of their widths each.
 */
public final class Architectures {
  private Architectures() {}

  /**
   * Every combination of convolution blocks and block widths, blocks of 0 filters or width 0 left out, in the
   * order the space lists them (the first block varies slowest, convolutions before widths); combinations that
   * leave the same network appear once. Without convolutions a candidate is an MLP.
   *
   * @param base inputs, classes, activation and optimiser of every candidate
   */
  public static List<ModelSpec> of(JmsnasSpec spec, ModelSpec base) {
    List<List<ConvSpec>> convolutions = product(convolutionOptions(spec));
    List<List<Integer>> hidden = product(spec.blockWidths().stream().map(w -> w.stream().map(x -> x > 0 ? x : null).toList()).toList());
    List<ModelSpec> all = new ArrayList<>();
    for (List<ConvSpec> c : convolutions) {
      for (List<Integer> h : hidden) all.add(c.isEmpty() ? withHidden(base, h) : withConvolutions(base, c, h));
    }
    return all;
  }

  /** Per convolution block, its options; {@code null} for a block of 0 filters (left out). */
  private static List<List<ConvSpec>> convolutionOptions(JmsnasSpec spec) {
    List<List<ConvSpec>> options = new ArrayList<>();
    for (JmsnasSpec.ConvChoices c : spec.convolutions()) {
      List<ConvSpec> block = new ArrayList<>();
      for (int filters : c.filters()) {
        for (int kernel : c.kernels()) {
          for (int pool : c.pools()) block.add(filters > 0 ? new ConvSpec(filters, kernel, pool) : null);
        }
      }
      options.add(block);
    }
    return options;
  }

  /** Every choice of one option per block, {@code null} options left out, without repeats, in order. */
  private static <T> List<List<T>> product(List<List<T>> blocks) {
    Set<List<T>> out = new LinkedHashSet<>();
    combine(blocks, 0, new ArrayList<>(), out);
    return List.copyOf(out);
  }

  private static <T> void combine(List<List<T>> blocks, int block, List<T> chosen, Set<List<T>> out) {
    if (block == blocks.size()) {
      out.add(chosen.stream().filter(x -> x != null).toList());
      return;
    }
    for (T option : blocks.get(block)) {
      chosen.add(option);
      combine(blocks, block + 1, chosen, out);
      chosen.remove(chosen.size() - 1);
    }
  }

  public static ModelSpec withHidden(ModelSpec base, List<Integer> hidden) {
    return new ModelSpec("mlp", base.inputs(), hidden, base.classes(), base.activation(), base.updater(), base.learningRate());
  }

  /** A CNN on the base's image ({@link JmsnasSpec#imageOf}). */
  public static ModelSpec withConvolutions(ModelSpec base, List<ConvSpec> convolutions, List<Integer> hidden) {
    var image = JmsnasSpec.imageOf(base).orElseThrow(() -> new IllegalArgumentException(base.inputs() + " inputs are no image"));
    return new ModelSpec("cnn", base.inputs(), hidden, base.classes(), base.activation(), base.updater(), base.learningRate(),
        convolutions, image);
  }

  /** {@code 784-128-64-10}; a convolution block reads {@code c16k5p2} (16 filters of 5×5, 2×2 max pooling). */
  public static String name(ModelSpec m) {
    return Stream.of(
            Stream.of(String.valueOf(m.inputs())),
            m.convolutions().stream().map(Architectures::name),
            m.hidden().stream().map(String::valueOf),
            Stream.of(String.valueOf(m.classes())))
        .flatMap(s -> s)
        .collect(Collectors.joining("-"));
  }

  /** {@code c16k5p2}: 16 filters of 5×5, then 2×2 max pooling. */
  public static String name(ConvSpec c) {
    return "c" + c.filters() + "k" + c.kernel() + (c.pool() > 1 ? "p" + c.pool() : "");
  }
}
