package io.edgeweave.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.fault.LinkConditions;
import io.edgeweave.scenario.MimoSpec;
import io.edgeweave.scenario.MimoSpec.ChannelModel;
import io.edgeweave.scenario.MimoSpec.Estimation;
import io.edgeweave.scenario.MimoSpec.Estimator;
import io.edgeweave.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PilotEstimationTest {
  private static final LinkConditions CLEAR = new LinkConditions(1e9, 0, 0, 0, 0, 0, false, Double.NaN, 0, 0);
  private static final int TRIALS = 400;

  static MimoSpec spec(int nt, int nr, ChannelModel model, int coherence, double snrDb, int pilots, Estimator estimator) {
    return new MimoSpec(nt, nr, true, model, 0, coherence, 0, 0, snrDb, snrDb, 1e6, 1, 0,
        MimoSpec.Payload.ACTIVATIONS, new Estimation(pilots, estimator));
  }

  /** Mean squared error per complex entry of the estimates over fresh channels and pilot noise. */
  private static double meanSquaredError(MimoSpec spec) {
    MimoChannel channel = new MimoChannel(spec, 3);
    double noise = OverTheAir.noiseVariancePerDimension(spec, spec.snrDb());
    double sum = 0;
    for (int t = 0; t < TRIALS; t++) {
      double[][] h = channel.at(t, 0);
      double[][] estimate = PilotEstimation.overTheAir(spec, h, 1, noise, 1000 + t).h();
      for (int r = 0; r < spec.receiveDims(); r++) {
        for (int c = 0; c < spec.transmitAntennas(); c++) sum += Math.pow(estimate[r][c] - h[r][c], 2);
      }
    }
    return sum / (TRIALS * spec.transmitAntennas() * spec.receiveAntennas());
  }

  @ParameterizedTest
  @CsvSource({"4, 0", "4, 10", "16, 10", "16, 20", "6, 10"})
  void theLeastSquaresErrorFallsLikeTheNoiseTimesTheAntennasOverThePilots(int pilots, double snrDb) {
    MimoSpec spec = spec(4, 3, ChannelModel.RAYLEIGH_BLOCK, 1, snrDb, pilots, Estimator.LS);
    double sigma2 = 1 / Math.pow(10, snrDb / 10); // noise per receive antenna at power 1
    // pilots share the antennas unevenly when P is not a multiple of N_t: the mean of 1/n_i over the antennas
    double perAntenna = 0;
    for (int i = 0; i < 4; i++) perAntenna += 1.0 / (pilots / 4 + (i < pilots % 4 ? 1 : 0)) / 4;
    double expected = sigma2 * perAntenna; // σ²·N_t/P when N_t divides P
    assertEquals(expected, meanSquaredError(spec), 0.08 * expected);
    double noise = OverTheAir.noiseVariancePerDimension(spec, snrDb);
    double claimed = PilotEstimation.overTheAir(spec, new MimoChannel(spec, 3).at(0, 0), 1, noise, 1).errorVariance();
    assertEquals(expected / 2, claimed, 1e-12, "per real entry: half a complex entry's error");
  }

  @Test
  void theEstimateConvergesToHAsTheSnrGrows() {
    double previous = Double.POSITIVE_INFINITY;
    for (double snrDb : new double[] {0, 10, 20, 30}) {
      double error = meanSquaredError(spec(4, 3, ChannelModel.RAYLEIGH_BLOCK, 1, snrDb, 8, Estimator.LS));
      assertTrue(error < previous / 5, snrDb + " dB: " + error + " after " + previous);
      previous = error;
    }
    MimoSpec noiseless = spec(4, 3, ChannelModel.STATIC, 1, Double.POSITIVE_INFINITY, 4, Estimator.LS);
    double[][] h = new MimoChannel(noiseless, 3).at(0, 0);
    double[][] exact = PilotEstimation.overTheAir(noiseless, h, 1, 0, 1).h();
    for (int r = 0; r < h.length; r++) assertArrayEquals(h[r], exact[r], 1e-6);
  }

  @ParameterizedTest
  @CsvSource({"-5", "0", "5"})
  void mmseErrsLessThanLeastSquaresAtLowSnr(double snrDb) {
    double ls = meanSquaredError(spec(4, 3, ChannelModel.RAYLEIGH_BLOCK, 1, snrDb, 4, Estimator.LS));
    double mmse = meanSquaredError(spec(4, 3, ChannelModel.RAYLEIGH_BLOCK, 1, snrDb, 4, Estimator.MMSE));
    assertTrue(mmse < ls, snrDb + " dB: MMSE " + mmse + ", LS " + ls);
    double e = 1 / Math.pow(10, snrDb / 10); // LS error per complex entry with one pilot per antenna
    assertEquals(e / (1 + e), mmse, 0.08 * e / (1 + e), "the MMSE error of a unit-power prior");
  }

  @Test
  void oneSeedGivesOneEstimate() {
    MimoSpec spec = spec(4, 3, ChannelModel.STATIC, 1, 10, 8, Estimator.MMSE);
    double[][] h = new MimoChannel(spec, 3).at(0, 0);
    double[][] a = PilotEstimation.overTheAir(spec, h, 1, 0.05, 42).h();
    double[][] b = PilotEstimation.overTheAir(spec, h, 1, 0.05, 42).h();
    double[][] c = PilotEstimation.overTheAir(spec, h, 1, 0.05, 43).h();
    assertTrue(Arrays.deepEquals(a, b));
    assertFalse(Arrays.deepEquals(a, c));
  }

  @Test
  void equalisedSymbolsAreTheTransmittedOnesAtHighSnrAndTheErrorComesBackThroughTheEqualiser() {
    MimoSpec spec = spec(4, 6, ChannelModel.RAYLEIGH_BLOCK, 5, 40, 16, Estimator.LS);
    OverTheAirMedium link = new OverTheAirMedium(new MimoChannel(spec, 3), 7);
    INDArray x = Nd4j.rand(DataType.FLOAT, 200, 8).subi(0.5);
    INDArray received = link.carry(Direction.FORWARD, Tensor.of(x), 0, 12, 1, CLEAR).values().toINDArray();
    assertArrayEquals(new long[] {200, 8}, received.shape(), "the combiner gets the transmit dimensions");
    double relative = received.sub(x).norm2Number().doubleValue() / x.norm2Number().doubleValue();
    assertTrue(relative < 0.05, "equalised ≈ transmitted: relative error " + relative);

    INDArray g = Nd4j.rand(DataType.FLOAT, 200, 8).subi(0.5);
    INDArray back = link.carry(Direction.BACKWARD, Tensor.of(g), 0, 12, 2, CLEAR).values().toINDArray();
    double backRelative = back.sub(g).norm2Number().doubleValue() / g.norm2Number().doubleValue();
    assertTrue(backRelative < 0.05, "(E·H)ᵀ·g ≈ g: relative error " + backRelative);

    MimoSpec blind = spec(4, 6, ChannelModel.RAYLEIGH_BLOCK, 5, 40, 0, Estimator.LS);
    INDArray raw = new OverTheAirMedium(new MimoChannel(blind, 3), 7)
        .carry(Direction.FORWARD, Tensor.of(x), 0, 12, 1, CLEAR).values().toINDArray();
    assertEquals(12, raw.columns(), "without estimation the combiner gets the receive dimensions");
  }

  @Test
  void pilotsAreCountedOncePerCoherenceBlockOnTheForwardMessage() {
    Tensor x = Tensor.of(Nd4j.rand(DataType.FLOAT, 10, 8));
    Tensor g = Tensor.of(Nd4j.rand(DataType.FLOAT, 10, 8));
    MimoSpec fading = spec(4, 4, ChannelModel.RAYLEIGH_BLOCK, 5, Double.POSITIVE_INFINITY, 12, Estimator.LS);
    OverTheAirMedium link = new OverTheAirMedium(new MimoChannel(fading, 3), 7);
    double[] forward = new double[11];
    for (int step = 0; step <= 10; step++) {
      forward[step] = link.carry(Direction.FORWARD, x, 0, step, 1, CLEAR).channelUses();
    }
    assertArrayEquals(new double[] {22, 10, 10, 10, 10, 22, 10, 10, 10, 10, 22}, forward, 0);
    assertEquals(10, link.carry(Direction.BACKWARD, g, 0, 5, 1, CLEAR).channelUses(), 0, "no pilots sent back");

    MimoSpec still = spec(4, 4, ChannelModel.STATIC, 5, Double.POSITIVE_INFINITY, 12, Estimator.LS);
    OverTheAirMedium fixed = new OverTheAirMedium(new MimoChannel(still, 3), 7);
    assertEquals(22, fixed.carry(Direction.FORWARD, x, 0, 0, 1, CLEAR).channelUses(), 0);
    assertEquals(10, fixed.carry(Direction.FORWARD, x, 0, 5, 1, CLEAR).channelUses(), 0, "a static channel: once");
    LinkConditions jumped = new LinkConditions(1e9, 0, 0, 0, 0, 0, false, Double.NaN, 0, 1);
    assertEquals(22, fixed.carry(Direction.FORWARD, x, 0, 7, 1, jumped).channelUses(), 0, "a jump: a new channel");
    assertEquals(10, fixed.carry(Direction.FORWARD, x, 0, 8, 1, jumped).channelUses(), 0);
  }

  @Test
  void withoutPilotsTheLinkComputesWhatTheEstimationFreeDesignComputes() {
    for (Estimation none : new Estimation[] {Estimation.NONE, new Estimation(0, Estimator.MMSE)}) {
      MimoSpec spec = new MimoSpec(4, 3, true, ChannelModel.RAYLEIGH_BLOCK, 0, 5, 0, 0, 10, 10, 1e6, 1, 0,
          MimoSpec.Payload.ACTIVATIONS, none);
      OverTheAirMedium link = new OverTheAirMedium(new MimoChannel(spec, 3), 7);
      double[][] h = new MimoChannel(spec, 3).at(7, 0);
      INDArray w = OverTheAir.weights(h, 1);
      double noise = OverTheAir.noiseVariancePerDimension(spec, 10);
      INDArray x = Nd4j.rand(DataType.FLOAT, 10, 8);
      INDArray g = Nd4j.rand(DataType.FLOAT, 10, 6);
      Medium.Carried forward = link.carry(Direction.FORWARD, Tensor.of(x), 0, 7, 11, CLEAR);
      assertArrayEquals(OverTheAir.forward(x, w, noise, new SplittableRandom(11)).ravel().toFloatVector(),
          forward.values().toFloats());
      assertEquals(10, forward.channelUses(), 0);
      assertArrayEquals(OverTheAir.backward(g, 1, w, noise, 1, new SplittableRandom(12)).ravel().toFloatVector(),
          link.carry(Direction.BACKWARD, Tensor.of(g), 0, 7, 12, CLEAR).values().toFloats());
    }
  }

  @Test
  void testBatchesEqualiseWithPilotsOfTheirOwnRealisation() {
    MimoSpec spec = spec(4, 6, ChannelModel.RAYLEIGH_BLOCK, 5, 40, 16, Estimator.MMSE);
    OverTheAirMedium link = new OverTheAirMedium(new MimoChannel(spec, 3), 7);
    INDArray x = Nd4j.rand(DataType.FLOAT, 50, 8).subi(0.5);
    for (long realisation = 100; realisation < 105; realisation++) {
      INDArray received = link.carryTest(Tensor.of(x), 4, 1, realisation, CLEAR).toINDArray();
      double relative = received.sub(x).norm2Number().doubleValue() / x.norm2Number().doubleValue();
      assertTrue(relative < 0.05, "realisation " + realisation + ": relative error " + relative);
    }
  }
}
