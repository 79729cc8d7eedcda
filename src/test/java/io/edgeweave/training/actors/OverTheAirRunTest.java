package io.edgeweave.training.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.channel.MimoChannel;
import io.edgeweave.channel.OverTheAir;
import io.edgeweave.data.OneHot;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.nn.Networks;
import io.edgeweave.runtime.Runs;
import io.edgeweave.scenario.ConvSpec;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.LayerDef;
import io.edgeweave.scenario.LinkKind;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.MimoSpec;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NetworkPlan;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.Seeds;
import io.edgeweave.scenario.SplitTrainingSpec;
import io.edgeweave.scenario.TensorShape;
import io.edgeweave.training.BatchSource;
import io.edgeweave.training.ShardBatches;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Over-the-air split learning on the actors, every message serialised. */
class OverTheAirRunTest {
  private static final ActorTestKit KIT = ActorTestKit.create(Runs.TEST_CONFIG);
  private static final double OFF = Double.POSITIVE_INFINITY;

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static MimoSpec channel(double snrDb, MimoSpec.ChannelModel model) {
    return new MimoSpec(3, 4, true, model, 0.9, 5, 0, 0, snrDb, snrDb, 1e6, 1, 0, MimoSpec.Payload.ACTIVATIONS, MimoSpec.Estimation.NONE);
  }

  @Test
  void aNoiselessStaticLinkTrainsLikeOneNetworkHoldingTheChannel(@TempDir Path out) throws Exception {
    assertTrainsLikeOneNetworkHoldingTheChannel(Runs.MODEL, 1, out);
  }

  @Test
  void aCnnFeatureMapOverTheAirTrainsLikeOneNetworkHoldingTheChannel(@TempDir Path out) throws Exception {
    ModelSpec cnn = new ModelSpec("cnn", 64, List.of(12), 4, "relu", "adam", 0.01,
        List.of(new ConvSpec(4, 3, 2), new ConvSpec(6, 3, 1)), new TensorShape.Grid(1, 8, 8));
    assertTrainsLikeOneNetworkHoldingTheChannel(cnn, 16, out);
  }

  @Test
  void theBottleneckSentDigitallyTrainsLikeOneNetworkWithoutTheChannel(@TempDir Path out) throws Exception {
    MimoSpec mimo = channel(20, MimoSpec.ChannelModel.STATIC);
    MimoSpec precoded = new MimoSpec(mimo.transmitAntennas(), mimo.receiveAntennas(), true, mimo.model(), mimo.rho(),
        mimo.coherenceSteps(), 0, 0, 20, 20, 1e6, 1, 32, MimoSpec.Payload.PRECODER, MimoSpec.Estimation.NONE); // 32 bits: no quantisation
    LinkSpec link = new LinkSpec("air", LinkKind.MIMO_DIGITAL, "device", "cloud", Double.NaN, Duration.ofMillis(1),
        Duration.ZERO, 0, 0, 0, precoded);
    Runs.Outcome run = assertTrainsLikeOneNetwork(Runs.MODEL, link, 60, out);

    // 6 precoded values a sample each way (the over-the-air link's transmit dims), where the activations are 16
    NetworkPlan plan = NetworkPlan.forPath(Runs.MODEL, List.of(1), List.of(link));
    assertEquals(6, plan.partitionInput(1).size());
    assertTrue(plan.layers().stream().noneMatch(l -> l instanceof LayerDef.Channel));
    assertTrue(run.summary().channelUses() > 0);
  }

  /** {@code usesPerSample}: analog channel uses of one sample's activations (a feature map's positions). */
  private static void assertTrainsLikeOneNetworkHoldingTheChannel(ModelSpec model, int usesPerSample, Path out)
      throws Exception {
    int steps = 60;
    MimoSpec mimo = channel(OFF, MimoSpec.ChannelModel.STATIC);
    Runs.Outcome run = assertTrainsLikeOneNetwork(model, Runs.overTheAir("air", "device", "cloud", mimo), steps, out);
    // each way, one analog channel use per sample (per position of a feature map); no noise: side information is free
    assertEquals(2.0 * usesPerSample, run.summary().channelUses() / (steps * 16.0), 1e-12);
  }

  /**
   * A run over {@code link} computes what one DL4J network of the same plan computes, with H as a frozen layer where
   * the plan has one.
   */
  private static Runs.Outcome assertTrainsLikeOneNetwork(ModelSpec model, LinkSpec link, int steps, Path out)
      throws Exception {
    Scenario scenario = Runs.withModel(Runs.twoNodes("oac", steps, link, List.of(), out), model);
    TrainTest data = Runs.data(scenario.seed(), model);

    Runs.Outcome run = Runs.run(KIT, scenario, data, out);

    NetworkPlan plan = NetworkPlan.forPath(scenario.model(), List.of(1), scenario.hops(List.of("device", "cloud")));
    MultiLayerNetwork whole = Networks.whole(plan, scenario.seed());
    if (plan.layers().get(plan.partitions().get(0).to()) instanceof LayerDef.Channel) {
      // the test, not any node, rebuilds H from the seed: the link derives it the same way
      double[][] h = new MimoChannel(link.mimo(), Seeds.derive(scenario.seed(), "channel/air")).at(0, 0);
      INDArray channel = whole.getLayer(plan.partitions().get(0).to()).getParam("W");
      INDArray weights = OverTheAir.weights(h, 1);
      channel.assign(channel.rank() == 4 ? weights.transpose().reshape(channel.shape()) : weights);
    }
    BatchSource batches = batches(scenario, data);
    for (int step = 0; step < steps; step++) {
      BatchSource.Batch batch = batches.batch(step);
      whole.fit(new DataSet(batch.features(), OneHot.encode(batch.labels(), 4)));
      assertEquals(whole.score(), run.steps().get(step).loss(), 0.0, "loss of step " + step);
    }
    assertEquals(RunStatus.COMPLETED, run.summary().status());
    assertEquals(2, run.parameters().size());
    for (int i = 0; i < 2; i++) {
      NetworkPlan.Range r = plan.partitions().get(i);
      assertArrayEquals(
          Networks.parametersOf(whole, r.from(), r.to()).ravel().toFloatVector(),
          run.parameters().get(i).toFloats(),
          "partition " + i);
    }
    return run;
  }

  @Test
  void noiseSlowsLearningButTrainingStillConverges(@TempDir Path clean, @TempDir Path noisy) throws Exception {
    int steps = 150;
    TrainTest data = Runs.data(11);
    Runs.Outcome quiet =
        Runs.run(KIT, Runs.twoNodes("quiet", steps, Runs.overTheAir("air", "device", "cloud",
            channel(OFF, MimoSpec.ChannelModel.QUASI_STATIC)), List.of(), clean), data, clean);
    Runs.Outcome loud =
        Runs.run(KIT, Runs.twoNodes("loud", steps, Runs.overTheAir("air", "device", "cloud",
            channel(0, MimoSpec.ChannelModel.QUASI_STATIC)), List.of(), noisy), data, noisy);

    double firstLoss = quiet.steps().get(0).loss();
    assertTrue(meanLoss(quiet, steps - 20, steps) < 0.8 * firstLoss, "noiseless training learns");
    assertTrue(meanLoss(loud, steps - 20, steps) > meanLoss(quiet, steps - 20, steps), "0 dB hurts");
    assertTrue(quiet.summary().testAccuracy() > loud.summary().testAccuracy() - 0.02);
  }

  /**
   * The fast fading: a fresh H every 5 steps. Without an estimate the combiner never matches a channel;
   * with 16 pilots a block the receiver equalises and the link learns like a static one.
   */
  @Test
  void pilotsAndAnEqualiserRescueAFastFadingLink(@TempDir Path blind, @TempDir Path estimated) throws Exception {
    int steps = 200;
    TrainTest data = Runs.data(11);
    MimoSpec fading = new MimoSpec(4, 4, true, MimoSpec.ChannelModel.RAYLEIGH_BLOCK, 0, 5, 0, 0, 20, 20, 1e6, 1, 0,
        MimoSpec.Payload.ACTIVATIONS, MimoSpec.Estimation.NONE);
    MimoSpec pilots = new MimoSpec(4, 4, true, MimoSpec.ChannelModel.RAYLEIGH_BLOCK, 0, 5, 0, 0, 20, 20, 1e6, 1, 0,
        MimoSpec.Payload.ACTIVATIONS, new MimoSpec.Estimation(16, MimoSpec.Estimator.MMSE));
    Runs.Outcome without = Runs.run(KIT, Runs.twoNodes("blind", steps,
        Runs.overTheAir("air", "device", "cloud", fading), List.of(), blind), data, blind);
    Runs.Outcome with = Runs.run(KIT, Runs.twoNodes("estimated", steps,
        Runs.overTheAir("air", "device", "cloud", pilots), List.of(), estimated), data, estimated);
    // measured: 0.30 without (4 classes: chance is 0.25), 0.88 with
    assertTrue(without.summary().testAccuracy() < 0.45, "blind: " + without.summary().testAccuracy());
    assertTrue(with.summary().testAccuracy() > 0.75, "equalised: " + with.summary().testAccuracy());
    assertTrue(meanLoss(with, steps - 20, steps) < 0.5 * meanLoss(without, steps - 20, steps));
    // 40 coherence blocks of 16 pilots, nothing else differs in the accounting
    assertEquals(40 * 16, with.summary().channelUses() - without.summary().channelUses(), 1e-6);
  }

  @Test
  void channelFaultsChangeWhatArrivesAndOneSeedReplaysThem(@TempDir Path a, @TempDir Path b, @TempDir Path c)
      throws Exception {
    TrainTest data = Runs.data(11);
    LinkSpec air = Runs.overTheAir("air", "device", "cloud", channel(20, MimoSpec.ChannelModel.STATIC));
    List<FaultSpec> faults =
        List.of(
            fault(FaultSpec.FaultKind.FADE, 10, 20, 0, -30),
            fault(FaultSpec.FaultKind.SNR, 25, 30, -5, 0),
            fault(FaultSpec.FaultKind.CHANNEL_JUMP, 35, 0, 0, 0));

    Runs.Outcome plain = Runs.run(KIT, Runs.twoNodes("plain", 40, air, List.of(), a), data, a);
    Runs.Outcome faulted = Runs.run(KIT, Runs.twoNodes("faulted", 40, air, faults, b), data, b);
    Runs.Outcome again = Runs.run(KIT, Runs.twoNodes("faulted", 40, air, faults, c), data, c);

    for (int step = 0; step < 10; step++) {
      assertEquals(plain.steps().get(step).loss(), faulted.steps().get(step).loss(), 0.0, "before the fade");
    }
    assertNotEquals(plain.steps().get(12).loss(), faulted.steps().get(12).loss());
    for (int step = 0; step < 40; step++) {
      assertEquals(faulted.steps().get(step).loss(), again.steps().get(step).loss(), 0.0, "replay of step " + step);
    }
    assertArrayEquals(faulted.parameters().get(0).toFloats(), again.parameters().get(0).toFloats());
  }

  private static FaultSpec fault(FaultSpec.FaultKind kind, int at, int until, double snrDb, double gainDb) {
    return new FaultSpec("air", kind, OptionalInt.of(at), Optional.empty(),
        until > 0 ? OptionalInt.of(until) : OptionalInt.empty(), Optional.empty(), 0, Duration.ZERO, Duration.ZERO, 0,
        snrDb, gainDb, 1);
  }

  private static double meanLoss(Runs.Outcome run, int from, int to) {
    return IntStream.range(from, to).mapToDouble(s -> run.steps().get(s).loss()).average().orElseThrow();
  }

  private static BatchSource batches(Scenario scenario, TrainTest data) {
    SplitTrainingSpec workload = (SplitTrainingSpec) scenario.workload();
    return new ShardBatches(
        data.train(),
        IntStream.range(0, data.train().size()).toArray(),
        workload.batchSize(),
        Seeds.derive(scenario.seed(), "batches/device"));
  }
}
