package io.edgeweave.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticDatasetTest {
  @Test
  void sameSeedGivesIdenticalArrays() {
    TrainTest a = SyntheticDataset.generate(7, 500, 100, 784, 10);
    TrainTest b = SyntheticDataset.generate(7, 500, 100, 784, 10);
    assertArrayEquals(a.train().x(), b.train().x());
    assertArrayEquals(a.train().y(), b.train().y());
    assertArrayEquals(a.test().x(), b.test().x());
    assertArrayEquals(a.test().y(), b.test().y());
  }

  @Test
  void otherSeedGivesOtherData() {
    TrainTest a = SyntheticDataset.generate(7, 200, 10, 784, 10);
    TrainTest b = SyntheticDataset.generate(8, 200, 10, 784, 10);
    assertFalse(Arrays.equals(a.train().x(), b.train().x()));
  }

  @Test
  void shapesRangeAndClassBalance() {
    Dataset train = SyntheticDataset.generate(1, 5000, 10, 784, 10).train();
    assertEquals(5000, train.size());
    assertEquals(784, train.features());
    for (float v : train.x()) {
      assertTrue(v >= 0 && v <= 1, "value " + v);
    }
    int[] perClass = new int[10];
    for (int label : train.y()) {
      perClass[label]++;
    }
    for (int count : perClass) {
      assertTrue(count > 400 && count < 600, Arrays.toString(perClass));
    }
  }

  @Test
  void learnableButNotTriviallySeparable() {
    TrainTest data = SyntheticDataset.generate(3, 5000, 2000, 784, 10);
    double accuracy = nearestCentroidAccuracy(data.train(), data.test());
    assertTrue(accuracy > 0.8 && accuracy < 0.97, "nearest-centroid accuracy " + accuracy);
  }

  /** Accuracy on {@code test} of assigning each sample to the class whose training mean is nearest. */
  static double nearestCentroidAccuracy(Dataset train, Dataset test) {
    int f = train.features();
    double[][] centroids = new double[train.classes()][f];
    int[] counts = new int[train.classes()];
    for (int i = 0; i < train.size(); i++) {
      counts[train.y()[i]]++;
      for (int j = 0; j < f; j++) {
        centroids[train.y()[i]][j] += train.x()[i * f + j];
      }
    }
    for (int c = 0; c < centroids.length; c++) {
      for (int j = 0; j < f; j++) {
        centroids[c][j] /= counts[c];
      }
    }
    int correct = 0;
    for (int i = 0; i < test.size(); i++) {
      int best = 0;
      double bestDistance = Double.MAX_VALUE;
      for (int c = 0; c < centroids.length; c++) {
        double distance = 0;
        for (int j = 0; j < f; j++) {
          double d = test.x()[i * f + j] - centroids[c][j];
          distance += d * d;
        }
        if (distance < bestDistance) {
          bestDistance = distance;
          best = c;
        }
      }
      correct += best == test.y()[i] ? 1 : 0;
    }
    return correct / (double) test.size();
  }
}
