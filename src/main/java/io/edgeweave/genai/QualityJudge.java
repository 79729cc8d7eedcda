package io.edgeweave.genai;

import io.edgeweave.data.Dataset;
import io.edgeweave.tensor.NdArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Judges generated images (the referee runs outside workspaces: DL4J insists on its own) per class with a {@link Referee}: the Fréchet distance between the referee's
 * features of generated images of class c and of the real test images of class c, and class fidelity, the
 * fraction of generated images of class c the referee assigns to c.
 */
public final class QualityJudge {
  private final Referee referee;
  private final GaussianStats[] real;

  /** Quality of one class: lower Fréchet distance and higher fidelity are better. */
  public record ClassQuality(int cls, double frechet, double fidelity) {}

  /** Quality over several classes, each weighing the same. */
  public record Quality(List<ClassQuality> perClass) {
    public Quality {
      perClass = List.copyOf(perClass);
    }

    public double meanFrechet() {
      return perClass.stream().mapToDouble(ClassQuality::frechet).average().orElse(Double.NaN);
    }

    public double meanFidelity() {
      return perClass.stream().mapToDouble(ClassQuality::fidelity).average().orElse(Double.NaN);
    }
  }

  public QualityJudge(Referee referee, Dataset test) {
    this.referee = referee;
    this.real = new GaussianStats[test.classes()];
    for (int c = 0; c < test.classes(); c++) {
      int cls = c;
      int[] members = IntStream.range(0, test.size()).filter(i -> test.y()[i] == cls).toArray();
      if (members.length < 2) throw new IllegalArgumentException("the test set has fewer than 2 images of class " + c);
      real[c] = GaussianStats.of(referee.features(test.features(members)));
    }
  }

  /** Quality of {@code images}, all meant to show class {@code cls}. */
  public ClassQuality judge(int cls, INDArray images) {
    int[] predicted = referee.classify(images);
    long hits = IntStream.of(predicted).filter(p -> p == cls).count();
    double frechet = FrechetDistance.between(GaussianStats.of(referee.features(images)), real[cls]);
    return new ClassQuality(cls, frechet, (double) hits / predicted.length);
  }

  /** Generates {@code perClass} images of each class with noise from {@code seed} and judges them. */
  public Quality judge(Generator generator, int[] classes, int perClass, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<ClassQuality> qualities = new ArrayList<>();
    for (int c : classes) {
      float[] images = Scratch.run(() -> NdArrays.toFloats(generator.generate(
          IntStream.generate(() -> c).limit(perClass).toArray(), Noise.matrix(perClass, generator.noiseWidth(), random))));
      qualities.add(judge(c, NdArrays.fromFloats(images, perClass, images.length / perClass)));
    }
    return new Quality(qualities);
  }
}
