package io.edgeweave.genai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.data.Dataset;
import io.edgeweave.data.FashionMnist;
import io.edgeweave.data.IdxDataset;
import io.edgeweave.data.TrainTest;
import io.edgeweave.nn.Nd4jSetup;
import io.edgeweave.tensor.NdArrays;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The referee on real Fashion-MNIST: the Fréchet distance of its features, and its cache. Skipped without the data. */
class RefereeTest {
  static final Referee.Settings TINY = new Referee.Settings(List.of(4, 8), 16, 1, 64, 0.003);
  static TrainTest data;
  @TempDir static Path cache;
  static Referee referee;

  @BeforeAll
  static void train() {
    Nd4jSetup.singleThreaded();
    data = IdxDataset.load(FashionMnist.assumeInstalled(), 1500, 500);
    referee = Referee.trainOrLoad(data.train(), data.test(), TINY, 3, cache);
  }

  @Test
  void theFrechetDistanceOfASetToItselfIsZeroAndGrowsWithDistortion() {    assertTrue(referee.testAccuracy() > 0.3, "well above chance (0.1): " + referee.testAccuracy());
    Dataset test = data.test();
    INDArray images = test.features(IntStream.range(0, 500).toArray());
    GaussianStats clean = GaussianStats.of(referee.features(images));
    assertEquals(0, FrechetDistance.between(clean, clean), 1e-9);
    double previous = 0;
    for (double sigma : new double[] {0.05, 0.15, 0.3, 0.6}) {
      SplittableRandom random = new SplittableRandom(2);
      INDArray noisy = images.add(Noise.matrix(images.rows(), images.columns(), random).muli(sigma));
      double d = FrechetDistance.between(clean, GaussianStats.of(referee.features(noisy)));
      assertTrue(d > previous, "noise " + sigma + ": " + d + " after " + previous);
      previous = d;
    }
  }

  @Test
  void aTrainedRefereeIsCachedAndLoadedBack() {
    Referee trained = referee;
    Referee loaded = Referee.trainOrLoad(data.train(), data.test(), TINY, 3, cache);
    assertFalse(trained.fromCache());
    assertTrue(loaded.fromCache());
    INDArray images = data.test().features(new int[] {0, 1, 2});
    assertArrayEquals(NdArrays.toFloats(trained.features(images)), NdArrays.toFloats(loaded.features(images)));
    assertEquals(trained.testAccuracy(), loaded.testAccuracy());
    String other = Referee.key(data.train(), TINY, 4);
    assertFalse(other.equals(Referee.key(data.train(), TINY, 3)), "the seed is part of the key");
  }
}
