package io.edgeweave.genai;

import io.edgeweave.data.Dataset;
import io.edgeweave.tensor.NdArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Judges generated images (the referee runs outside workspaces: DL4J insists on its own) per class with a {@link Referee}: the Fréchet distance between the referee's
 * features of generated images of class c and of the real test images of class c, and class fidelity, the
 * fraction of generated images of class c the referee assigns to c.
 */
public final class QualityJudge {
  private final Referee referee;
  private final FrechetBootstrap.Reference[] real;

  /**
   * Quality of one class: lower Fréchet distance and higher fidelity are better.
   *
   * @param frechetSd how far the distance moves with the draw of images (bootstrap standard deviation), NaN if not
   *     measured
   */
  public record ClassQuality(int cls, double frechet, double fidelity, double frechetSd) {
    public ClassQuality(int cls, double frechet, double fidelity) {
      this(cls, frechet, fidelity, Double.NaN);
    }
  }

  /** Quality over several classes, each weighing the same. */
  public record Quality(List<ClassQuality> perClass) {
    public Quality {
      perClass = List.copyOf(perClass);
    }

    public double meanFrechet() {
      return perClass.stream().mapToDouble(ClassQuality::frechet).average().orElse(Double.NaN);
    }

    /**
     * Half the 95% interval of {@link #meanFrechet()} over the draw of images, from the classes' standard deviations
     * (independent draws per class); NaN if a class has none.
     */
    public double meanFrechetHalfWidth() {
      double variance = perClass.stream().mapToDouble(q -> q.frechetSd() * q.frechetSd()).sum();
      return Z95 * Math.sqrt(variance) / perClass.size();
    }

    public double meanFidelity() {
      return perClass.stream().mapToDouble(ClassQuality::fidelity).average().orElse(Double.NaN);
    }
  }

  public QualityJudge(Referee referee, Dataset test) {
    this.referee = referee;
    this.real = new FrechetBootstrap.Reference[test.classes()];
    for (int c = 0; c < test.classes(); c++) {
      int cls = c;
      int[] members = IntStream.range(0, test.size()).filter(i -> test.y()[i] == cls).toArray();
      if (members.length < 2) throw new IllegalArgumentException("the test set has fewer than 2 images of class " + c);
      real[c] = new FrechetBootstrap.Reference(GaussianStats.of(referee.features(test.features(members))));
    }
  }

  /** A quality and the bootstrap interval of its mean Fréchet distance. */
  public record Judgement(Quality quality, FrechetBootstrap.Interval frechet) {}

  /** Quality of {@code images}, all meant to show class {@code cls}. */
  public ClassQuality judge(int cls, INDArray images) {
    return judged(cls, images).quality();
  }

  private record Judged(ClassQuality quality, INDArray features) {}

  private Judged judged(int cls, INDArray images) {
    int[] predicted = referee.classify(images);
    long hits = IntStream.of(predicted).filter(p -> p == cls).count();
    INDArray features = referee.features(images);
    double frechet = real[cls].distance(GaussianStats.of(features));
    return new Judged(new ClassQuality(cls, frechet, (double) hits / predicted.length), features);
  }

  /** Generates {@code perClass} images of each class with noise from {@code seed} and judges them. */
  public Quality judge(Generator generator, int[] classes, int perClass, long seed) {
    return judge(generator, classes, perClass, seed, 0);
  }

  /**
   * As {@link #judge(Generator, int[], int, long)}, each class's distance with its bootstrap standard deviation over
   * {@code resamples} resamples of the drawn images (none below 2).
   */
  public Quality judge(Generator generator, int[] classes, int perClass, long seed, int resamples) {
    List<Judged> drawn = draw(generator, classes, perClass, seed);
    if (resamples < 2) return new Quality(drawn.stream().map(Judged::quality).toList());
    double[] sds = FrechetBootstrap.classSds(features(drawn), references(classes), resamples, seed ^ BOOTSTRAP_STREAM);
    return new Quality(IntStream.range(0, drawn.size()).mapToObj(k -> {
      ClassQuality q = drawn.get(k).quality();
      return new ClassQuality(q.cls(), q.frechet(), q.fidelity(), sds[k]);
    }).toList());
  }

  /**
   * As {@link #judge(Generator, int[], int, long)}, with a 95% bootstrap interval of the mean Fréchet distance
   * over {@code resamples} resamples of the drawn images.
   */
  public Judgement judgeWithInterval(Generator generator, int[] classes, int perClass, long seed, int resamples) {
    List<Judged> drawn = draw(generator, classes, perClass, seed);
    FrechetBootstrap.Interval interval =
        FrechetBootstrap.meanOverClasses(features(drawn), references(classes), resamples, 0.95, seed ^ BOOTSTRAP_STREAM);
    return new Judgement(new Quality(drawn.stream().map(Judged::quality).toList()), interval);
  }

  private static double[][][] features(List<Judged> drawn) {
    return drawn.stream().map(j -> j.features().castTo(DataType.DOUBLE).toDoubleMatrix()).toArray(double[][][]::new);
  }

  private FrechetBootstrap.Reference[] references(int[] classes) {
    return IntStream.of(classes).mapToObj(c -> real[c]).toArray(FrechetBootstrap.Reference[]::new);
  }

  private static final long BOOTSTRAP_STREAM = 0x626F6F7473747261L;
  /** The standard normal's 97.5% quantile: a 95% interval is ± this many standard deviations. */
  private static final double Z95 = 1.959963984540054;

  private List<Judged> draw(Generator generator, int[] classes, int perClass, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Judged> judged = new ArrayList<>();
    for (int c : classes) {
      float[] images = Scratch.run(() -> NdArrays.toFloats(generator.generate(
          IntStream.generate(() -> c).limit(perClass).toArray(), Noise.matrix(perClass, generator.noiseWidth(), random))));
      judged.add(judged(c, NdArrays.fromFloats(images, perClass, images.length / perClass)));
    }
    return judged;
  }
}
