package io.edgeweave.genai.actors;

import io.edgeweave.data.TrainTest;
import io.edgeweave.genai.GenAiSetup;
import io.edgeweave.genai.Generator;
import io.edgeweave.genai.MixtureSnapshot;
import io.edgeweave.genai.Noise;
import io.edgeweave.genai.QualityJudge;
import io.edgeweave.genai.Referee;
import io.edgeweave.genai.Scratch;
import io.edgeweave.genai.VaeSnapshot;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.scenario.GenAiSpec;
import io.edgeweave.scenario.Seeds;
import io.edgeweave.tensor.NdArrays;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The experimenter's judge, outside the edge–cloud system: it trains (or loads from the cache) the referee
 * CNN on the real training set when it starts, then judges the generators it is sent, per class, and keeps a
 * few images of each class for the sample grid.
 */
public final class Evaluator {
  static final int GRID_IMAGES = 3;

  public interface Command extends CborSerializable {}

  /** Judge one model (a VAE or a mixture: exactly one is given) on {@code classes}. */
  public record Judge(String label, VaeSnapshot vae, MixtureSnapshot mixture, int[] classes, ActorRef<Judged> replyTo)
      implements Command {}

  /** @param images {@code images[k][i]}: image i of {@code classes[k]} */
  public record Judged(String label, QualityJudge.Quality quality, float[][][] images) implements CborSerializable {}

  /** Told to the director once the referee is ready. */
  public record RefereeReady(double testAccuracy, boolean fromCache) implements CborSerializable {}

  private Evaluator() {}

  public static Behavior<Command> create(TrainTest data, GenAiSpec.Quality spec, long seed, Path cache,
      ActorRef<RefereeReady> ready) {
    return Behaviors.setup(ctx -> {
      Referee referee = GenAiSetup.referee(spec, data.train(), data.test(), seed, cache);
      QualityJudge judge = new QualityJudge(referee, data.test());
      ready.tell(new RefereeReady(referee.testAccuracy(), referee.fromCache()));
      return Behaviors.receive(Command.class)
          .onMessage(Judge.class, j -> {
            Generator model = j.vae() != null ? j.vae().toModel() : j.mixture().toModel();
            long judgeSeed = Seeds.derive(seed, "genai/judge/" + j.label());
            QualityJudge.Quality quality = judge.judge(model, j.classes(), spec.samplesPerClass(), judgeSeed, spec.frechetResamples());
            j.replyTo().tell(new Judged(j.label(), quality, gridImages(model, j.classes(), judgeSeed)));
            return Behaviors.same();
          })
          .build();
    });
  }

  private static float[][][] gridImages(Generator model, int[] classes, long seed) {
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    float[][][] images = new float[classes.length][GRID_IMAGES][];
    for (int k = 0; k < classes.length; k++) {
      int cls = classes[k];
      float[] flat = Scratch.run(() -> NdArrays.toFloats(model.generate(
          IntStream.generate(() -> cls).limit(GRID_IMAGES).toArray(), Noise.matrix(GRID_IMAGES, model.noiseWidth(), random))));
      int side = flat.length / GRID_IMAGES;
      for (int i = 0; i < GRID_IMAGES; i++) {
        images[k][i] = java.util.Arrays.copyOfRange(flat, i * side, (i + 1) * side);
      }
    }
    return images;
  }
}
