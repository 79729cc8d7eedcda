package io.edgeweave.training.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.runtime.Runs;
import io.edgeweave.scenario.ConvSpec;
import io.edgeweave.scenario.MimoSpec;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.TensorShape;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small over-the-air CNN (conv blocks, precoder and power normalisation on the device, a 20 dB static MIMO
 * link, combiner, dense and output on the cloud) trained through the actors, every message serialised, by
 * either engine: nn.fast follows DL4J's run, and a fast run stopped and resumed from its checkpoint ends bit for
 * bit where the uninterrupted one does.
 */
class FastEngineRunTest {
  private static final ActorTestKit KIT = ActorTestKit.create(Runs.TEST_CONFIG);
  private static final int STEPS = 120;
  private static final ModelSpec CNN = new ModelSpec("cnn", 64, List.of(12), 4, "relu", "adam", 0.01,
      List.of(new ConvSpec(4, 3, 2), new ConvSpec(6, 3, 1)), new TensorShape.Grid(1, 8, 8));
  private static final MimoSpec AIR = new MimoSpec(3, 4, true, MimoSpec.ChannelModel.STATIC, 0, 1, 0, 0, 20, 20, 1e6, 1, 0,
      MimoSpec.Payload.ACTIVATIONS, MimoSpec.Estimation.NONE);

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static Runs.Outcome run(String engine, Path out) throws Exception {
    return run(engine, out, -1, false);
  }

  private static Runs.Outcome run(String engine, Path out, int stopAfter, boolean resume) throws Exception {
    ModelSpec model = CNN.withEngine(engine);
    Scenario scenario = Runs.withModel(
        Runs.twoNodes("oac-" + engine, STEPS, Runs.overTheAir("air", "device", "cloud", AIR), List.of(), out), model);
    TrainTest data = Runs.data(scenario.seed(), model);
    return Runs.run(KIT, scenario, data, out, stopAfter, resume);
  }

  @Test
  void theFastEngineTrainsLikeDl4jThroughTheActorsAndResumesBitForBit(@TempDir Path a, @TempDir Path b, @TempDir Path c)
      throws Exception {
    Runs.Outcome dl4j = run("dl4j", a);
    Runs.Outcome fast = run("fast", b);
    assertEquals(RunStatus.INTERRUPTED, run("fast", c, 50, false).summary().status());
    Runs.Outcome again = run("fast", c, -1, true);
    assertEquals(RunStatus.COMPLETED, again.summary().status());
    // measured: the last 20 steps' mean loss agrees to 1e-7 relative, the test accuracy exactly (0.855)
    assertEquals(dl4j.steps().get(0).loss(), fast.steps().get(0).loss(), 1e-4 * dl4j.steps().get(0).loss());
    double dl4jLate = meanLoss(dl4j, STEPS - 20);
    double fastLate = meanLoss(fast, STEPS - 20);
    assertTrue(fastLate < 0.7 * fast.steps().get(0).loss(), "fast learns: " + fastLate);
    assertEquals(dl4jLate, fastLate, 1e-3 * dl4jLate, "mean loss of the last 20 steps");
    assertEquals(dl4j.summary().testAccuracy(), fast.summary().testAccuracy(), 0.01, "test accuracy");
    int resumedAt = STEPS - again.steps().size();
    assertTrue(resumedAt >= 50 && resumedAt < STEPS, "resumed at step " + resumedAt);
    for (int step = resumedAt; step < STEPS; step++) {
      assertEquals(fast.steps().get(step).loss(), again.steps().get(step - resumedAt).loss(), 0.0, "resumed, step " + step);
    }
    assertEquals(fast.summary().testAccuracy(), again.summary().testAccuracy());
    for (int i = 0; i < 2; i++) assertArrayEquals(fast.parameters().get(i).toFloats(), again.parameters().get(i).toFloats());
  }

  private static double meanLoss(Runs.Outcome run, int from) {
    return IntStream.range(from, STEPS).mapToDouble(s -> run.steps().get(s).loss()).average().orElseThrow();
  }
}
