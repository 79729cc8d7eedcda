package io.edgeweave.genai;

import io.edgeweave.data.BatchSampler;
import io.edgeweave.data.Dataset;
import io.edgeweave.data.Permutations;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.IntConsumer;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains an {@link ElboModel} with Adam on labelled images. The samples are grouped as the model asks (a
 * batch never mixes groups; samples of classes the model does not serve are left out); each epoch runs
 * every group's batches in a seeded random order. Noise comes from the seed, so a run is reproducible.
 */
public final class ElboTrainer {
  /** Optimiser steps are charged this many FLOPs per trained parameter (Adam's moment updates). */
  static final long UPDATE_FLOPS_PER_PARAMETER = 10;

  public record Settings(int epochs, int batchSize, double learningRate) {
    public Settings {
      if (epochs < 0 || batchSize < 1 || !(learningRate > 0)) {
        throw new IllegalArgumentException("training needs epochs >= 0, batch >= 1, learning rate > 0");
      }
    }
  }

  /**
   * @param lastEpochLoss mean loss over the last epoch's batches (NaN when nothing was trained)
   * @param samples training samples seen (with repetition)
   * @param flops counted FLOPs of the training, the basis of its virtual time
   */
  public record Result(double lastEpochLoss, int steps, long samples, long flops) {
    /** The last epoch's mean loss, if the training took a step. */
    public OptionalDouble trainedLoss() {
      return steps > 0 ? OptionalDouble.of(lastEpochLoss) : OptionalDouble.empty();
    }
  }

  private ElboTrainer() {}

  public static Result train(ElboModel model, Dataset data, int[] indices, Settings settings, long seed) {
    return train(model, data, indices, settings, seed, epoch -> {});
  }

  /** @param afterEpoch told the number of each epoch done (1 to {@code settings.epochs()}) */
  public static Result train(
      ElboModel model, Dataset data, int[] indices, Settings settings, long seed, IntConsumer afterEpoch) {
    SplittableRandom random = new SplittableRandom(seed);
    List<int[]> groups = groups(model, data, indices);
    List<BatchSampler> samplers = new ArrayList<>();
    int[] stepsPerEpoch = new int[groups.size()];
    for (int g = 0; g < groups.size(); g++) {
      samplers.add(new BatchSampler(groups.get(g), settings.batchSize(), random.nextLong()));
      stepsPerEpoch[g] = (groups.get(g).length + settings.batchSize() - 1) / settings.batchSize();
    }
    List<Optimiser> optimisers = model.trainable().stream()
        .map(p -> new Optimiser(p, settings.learningRate()))
        .toList();
    long trainedParameters = model.trainable().stream().mapToLong(p -> p.params().length()).sum();
    int[] order = IntStream.range(0, groups.size()).flatMap(g -> IntStream.range(0, stepsPerEpoch[g]).map(s -> g)).toArray();
    int[] drawn = new int[groups.size()];
    int steps = 0;
    long samples = 0;
    long flops = 0;
    double epochLoss = Double.NaN;
    for (int epoch = 0; epoch < settings.epochs(); epoch++) {
      double lossSum = 0;
      for (int at : Permutations.random(order.length, random)) {
        int g = order[at];
        int[] batch = samplers.get(g).batch(drawn[g]++);
        int[] classes = data.labels(batch);
        int iteration = steps;
        lossSum += Scratch.run(() -> {
          INDArray x = data.features(batch);
          double loss = model.lossAndGradients(x, classes, Noise.matrix(batch.length, model.noiseWidth(), random));
          optimisers.forEach(o -> o.step(iteration));
          return loss;
        });
        steps++;
        samples += batch.length;
        for (int c : classes) flops += model.trainFlops(c);
        flops += UPDATE_FLOPS_PER_PARAMETER * trainedParameters;
      }
      epochLoss = lossSum / Math.max(1, order.length);
      afterEpoch.accept(epoch + 1);
    }
    return new Result(epochLoss, steps, samples, flops);
  }

  /** The indices of each group, in index order; classes the model does not serve (group −1) are left out. */
  private static List<int[]> groups(ElboModel model, Dataset data, int[] indices) {
    int[] labels = data.labels(indices);
    List<List<Integer>> byGroup = new ArrayList<>();
    for (int i = 0; i < indices.length; i++) {
      int g = model.group(labels[i]);
      if (g < 0) continue;
      while (byGroup.size() <= g) byGroup.add(new ArrayList<>());
      byGroup.get(g).add(indices[i]);
    }
    return byGroup.stream()
        .filter(l -> !l.isEmpty())
        .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
        .toList();
  }
}
