package io.edgeweave.plan;

import io.edgeweave.data.BatchSampler;
import io.edgeweave.data.Dataset;
import io.edgeweave.data.OneHot;
import io.edgeweave.data.TrainTest;
import io.edgeweave.nn.Networks;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.Seeds;
import io.edgeweave.training.Evaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Real, seeded training of a candidate architecture: the last {@code validation} samples of the training set
 * are held out to measure accuracy, the others train the whole network one batch after another, epoch by
 * epoch. Every candidate sees the same batches in the same order and starts from weights drawn from the
 * same seed, so one seed gives one accuracy, and a longer training repeats a shorter one's first epochs.
 */
public final class CandidateTraining {
  /** Samples per training batch. */
  public static final int BATCH = 128;

  private final TrainTest data;
  private final Dataset validation;
  private final int[] trainIndices;
  private final long seed;

  /** @throws IllegalArgumentException if {@code validation} leaves fewer than one batch to train on */
  public CandidateTraining(TrainTest data, int validation, long seed) {
    String problem = validationProblem(data.train().size(), validation);
    if (problem != null) throw new IllegalArgumentException(problem);
    int train = data.train().size() - validation;
    this.data = data;
    this.trainIndices = IntStream.range(0, train).toArray();
    this.validation = data.train().subset(IntStream.range(train, data.train().size()).toArray());
    this.seed = seed;
  }

  /** Why holding out {@code validation} of {@code trainSize} samples does not work, or null if it does. */
  public static String validationProblem(int trainSize, int validation) {
    if (trainSize - validation >= BATCH) return null;
    return "holding out " + validation + " of " + trainSize + " training samples for validation leaves fewer than one batch ("
        + BATCH + ") to train on";
  }

  /** What identifies the data and the schedule in a cache key: sizes, seed and a hash of every value. */
  public String fingerprint() {
    return "train=" + trainIndices.length + ",validation=" + validation.size() + ",batch=" + BATCH + ",seed=" + seed
        + ",data=" + Long.toHexString(hash(data.train())) + "/" + Long.toHexString(hash(data.test()));
  }

  /** A trained network and its validation accuracy after each epoch. */
  public record Trained(MultiLayerNetwork network, List<Double> validationAccuracy) {
    public double finalAccuracy() {
      return validationAccuracy.get(validationAccuracy.size() - 1);
    }
  }

  /** Trains {@code model} for {@code epochs} epochs. */
  public Trained train(ModelSpec model, int epochs) {
    return train(model, epochs, Double.POSITIVE_INFINITY);
  }

  /**
   * Trains {@code model} epoch by epoch until its validation accuracy reaches {@code target}, at most
   * {@code maxEpochs} epochs.
   */
  public Trained train(ModelSpec model, int maxEpochs, double target) {
    MultiLayerNetwork net = Networks.whole(model, Seeds.derive(seed, "jmsnas/weights"));
    BatchSampler batches = new BatchSampler(trainIndices, BATCH, Seeds.derive(seed, "jmsnas/batches"));
    int stepsPerEpoch = trainIndices.length / BATCH;
    List<Double> accuracy = new ArrayList<>();
    for (int epoch = 0; epoch < maxEpochs && (accuracy.isEmpty() || accuracy.get(accuracy.size() - 1) < target); epoch++) {
      for (int step = epoch * stepsPerEpoch; step < (epoch + 1) * stepsPerEpoch; step++) {
        int[] batch = batches.batch(step);
        net.fit(data.train().features(batch), OneHot.encode(data.train().labels(batch), model.classes()));
      }
      accuracy.add(Evaluation.accuracy(net, validation));
    }
    return new Trained(net, accuracy);
  }

  /** Accuracy on the test set, which no training or search decision has seen. */
  public double testAccuracy(MultiLayerNetwork net) {
    return Evaluation.accuracy(net, data.test());
  }

  private static long hash(Dataset d) {
    long h = Seeds.derive(d.size(), d.name());
    for (float v : d.x()) h = h * 0x9E3779B97F4A7C15L + Float.floatToIntBits(v);
    for (int y : d.y()) h = h * 0x9E3779B97F4A7C15L + y;
    return Seeds.derive(h, "fingerprint");
  }
}
