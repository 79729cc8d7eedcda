package io.edgeweave.genai;

import io.edgeweave.data.OneHot;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The two-level gate of the assembled model. The task-level gate routes a request to the task category of
 * its class. Learner selection keeps, per category, the top-K experts by their learner score (the samples
 * of the category's classes the expert's edge trained on, as the edges report). Among the selected
 * experts, a trainable class-by-expert logit table gives softmax weights, so a batch of one category
 * mixes exactly K experts and the other experts cost nothing.
 */
public final class HierarchicalGate {
  private final TaskCategories categories;
  private final int[][] selected;
  private final INDArray logits;
  private final INDArray grads;

  /**
   * @param selected per category, the indices of its experts
   * @param logits {@code classes × experts} weight logits (used in place)
   */
  HierarchicalGate(TaskCategories categories, int[][] selected, INDArray logits) {
    if (selected.length != categories.size()) throw new IllegalArgumentException("one selection per category");
    this.categories = categories;
    this.selected = Arrays.stream(selected).map(int[]::clone).toArray(int[][]::new);
    this.logits = logits;
    this.grads = logits.ulike().assign(0);
  }

  /**
   * A gate from the edges' class counts: category t selects the {@code k} experts with the most samples of
   * its classes; the initial logit of class c for expert i is log(1 + samples of c at i), so the initial
   * weights follow how much of each class every selected expert has seen.
   *
   * @param counts {@code experts × classes} training samples per class at each expert's edge
   */
  public static HierarchicalGate fromCounts(TaskCategories categories, long[][] counts, int k, DataType type) {
    int experts = counts.length;
    int[][] selected = new int[categories.size()][];
    for (int t = 0; t < categories.size(); t++) {
      double[] scores = new double[experts];
      for (int i = 0; i < experts; i++) {
        for (int c : categories.get(t).classes()) scores[i] += counts[i][c];
      }
      selected[t] = topK(scores, Math.min(k, experts));
    }
    double[][] initial = new double[categories.classes()][experts];
    for (int c = 0; c < categories.classes(); c++) {
      for (int i = 0; i < experts; i++) initial[c][i] = Math.log1p(counts[i][c]);
    }
    return new HierarchicalGate(categories, selected, Nd4j.createFromArray(initial).castTo(type));
  }

  /** Indices of the {@code k} largest scores, largest first; ties go to the lower index. */
  public static int[] topK(double[] scores, int k) {
    if (k < 1 || k > scores.length) throw new IllegalArgumentException("k must be in [1, " + scores.length + "], got " + k);
    return IntStream.range(0, scores.length)
        .boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i))
        .limit(k)
        .mapToInt(Integer::intValue)
        .toArray();
  }

  public TaskCategories categories() {
    return categories;
  }

  /** The task category of a request's class (the task-level gate); −1 when no category holds it. */
  public int category(int cls) {
    return categories.categoryOf(cls);
  }

  /** The experts selected for category {@code t}, by decreasing learner score. */
  public int[] selected(int t) {
    return selected[t].clone();
  }

  INDArray logits() {
    return logits;
  }

  INDArray grads() {
    return grads;
  }

  /** The category all {@code classes} share; fails if they do not share one. */
  int categoryOfBatch(int[] classes) {
    int t = category(classes[0]);
    for (int c : classes) {
      if (category(c) != t || t < 0) {
        throw new IllegalArgumentException("a batch must hold classes of one served category, got " + Arrays.toString(classes));
      }
    }
    return t;
  }

  /** Softmax weights of the selected experts of the batch's category, {@code batch × K}. */
  INDArray weights(int[] classes) {
    int t = categoryOfBatch(classes);
    INDArray table = logits.getColumns(selected[t]);
    INDArray rows = OneHot.encode(classes, categories.classes()).castTo(logits.dataType()).mmul(table);
    return Transforms.softmax(rows, false);
  }

  /** Adds the logits' gradient, given the weights and dL/dweights of a batch. */
  void backward(int[] classes, INDArray weights, INDArray dWeights) {
    int[] experts = selected[categoryOfBatch(classes)];
    INDArray inner = weights.mul(dWeights).sum(true, 1);
    INDArray dRows = dWeights.subColumnVector(inner).muli(weights);
    INDArray dTable = OneHot.encode(classes, categories.classes()).castTo(logits.dataType()).transpose().mmul(dRows);
    for (int k = 0; k < experts.length; k++) grads.getColumn(experts[k], true).addi(dTable.getColumn(k, true));
  }

  /** The gate of a task-specific model: category {@code t} only, its selected experts renumbered 0..K−1. */
  HierarchicalGate cut(int t) {
    int[] experts = selected[t];
    return new HierarchicalGate(
        categories.only(t), new int[][] {IntStream.range(0, experts.length).toArray()}, logits.getColumns(experts).dup());
  }
}
