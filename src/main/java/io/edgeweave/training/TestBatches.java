package io.edgeweave.training;

import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

/**
 * The batches of one evaluation as they come back: the accuracy over the whole test set, and its spread over the
 * batches (on MIMO links each batch went through its own channel realisation, so the spread is the channel's plus
 * the batches' own sampling spread).
 */
public final class TestBatches {
  private final int[] correct;
  private final int[] samples;
  private int received;

  public TestBatches(int batches) {
    this.correct = new int[batches];
    this.samples = new int[batches];
  }

  /** Records a batch (a repeat is ignored); true once every batch is in. */
  public boolean add(int batch, int correctSamples, int batchSamples) {
    if (samples[batch] == 0 && batchSamples > 0) {
      correct[batch] = correctSamples;
      samples[batch] = batchSamples;
      received++;
    }
    return received == samples.length;
  }

  public int batches() {
    return samples.length;
  }

  /** Correct samples over all samples. */
  public double accuracy() {
    long total = Arrays.stream(samples).asLongStream().sum();
    return total == 0 ? 0.0 : (double) Arrays.stream(correct).asLongStream().sum() / total;
  }

  /** Sample standard deviation of the batches' accuracies; null with fewer than two batches. */
  public Double accuracySd() {
    int n = samples.length;
    if (n < 2) return null;
    double[] accuracies = new double[n];
    for (int i = 0; i < n; i++) accuracies[i] = (double) correct[i] / samples[i];
    return new StandardDeviation().evaluate(accuracies);
  }
}
