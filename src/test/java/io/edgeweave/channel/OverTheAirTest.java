package io.edgeweave.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.edgeweave.fault.LinkConditions;
import io.edgeweave.scenario.MimoSpec;
import io.edgeweave.scenario.MimoSpec.ChannelModel;
import io.edgeweave.tensor.NdArrays;
import io.edgeweave.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OverTheAirTest {
  private static final MimoSpec COMPLEX = MimoChannelTest.spec(4, 3, true, ChannelModel.STATIC, 0, 1);
  private static final double[][] H = new MimoChannel(COMPLEX, 9).at(0, 0);

  @Test
  void theChannelActsAsTheDenseLayerWithWeightsHTransposed() {
    INDArray w = OverTheAir.weights(H, 1);
    assertArrayEquals(new long[] {8, 6}, w.shape());
    assertEquals('f', w.ordering());
    assertEquals((float) H[5][7], w.getFloat(7, 5));
    INDArray x = Nd4j.rand(DataType.FLOAT, 5, 8);
    INDArray y = OverTheAir.forward(x, w, 0, new SplittableRandom(1));
    for (int r = 0; r < 5; r++) {
      for (int i = 0; i < 6; i++) {
        double expected = 0;
        for (int j = 0; j < 8; j++) expected += H[i][j] * x.getDouble(r, j);
        assertEquals(expected, y.getDouble(r, i), 1e-5);
      }
    }
  }

  @Test
  void noiseVarianceFollowsTheSnrPerReceiveAntenna() {
    assertEquals(0.05, OverTheAir.noiseVariancePerDimension(COMPLEX, 10), 1e-12); // 1/10, half per real part
    MimoSpec real = MimoChannelTest.spec(4, 3, false, ChannelModel.STATIC, 0, 1);
    assertEquals(0.01, OverTheAir.noiseVariancePerDimension(real, 20), 1e-12);
    assertEquals(0, OverTheAir.noiseVariancePerDimension(real, Double.POSITIVE_INFINITY));
  }

  @Test
  void forwardNoiseHasTheConfiguredPowerAndNoMean() {
    INDArray w = OverTheAir.weights(H, 1);
    INDArray x = Nd4j.rand(DataType.FLOAT, 20_000, 8);
    INDArray clean = OverTheAir.forward(x, w, 0, new SplittableRandom(1));
    INDArray noise = OverTheAir.forward(x, w, 0.04, new SplittableRandom(2)).sub(clean);
    assertEquals(0, noise.meanNumber().doubleValue(), 0.003);
    assertEquals(0.04, noise.mul(noise).meanNumber().doubleValue(), 0.001);
  }

  /**
   * The proof: the error reaching the transmitter is Hᵀ·dL/dy plus noise of the configured power,
   * scaled to the power of the sample's error (one channel use per sample, or a block of four positions).
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void theTransmitterGetsHTransposeTimesTheErrorPlusNoiseScaledToTheErrorsPower(int usesPerSample) {
    INDArray w = OverTheAir.weights(H, 1);
    int rows = 20_000;
    INDArray g = Nd4j.rand(DataType.FLOAT, rows, 6).subi(0.5).muli(3);
    INDArray exact = OverTheAir.backward(g, usesPerSample, w, 0, 1, new SplittableRandom(3));
    INDArray hTg = g.castTo(DataType.DOUBLE).mmul(Nd4j.create(H)); // g·H = (Hᵀ·gᵀ)ᵀ
    assertEquals(0, exact.castTo(DataType.DOUBLE).sub(hTg).amaxNumber().doubleValue(), 1e-5);

    double noiseVariance = 0.05; // 10 dB, complex
    double power = 2;
    INDArray noisy = OverTheAir.backward(g, usesPerSample, w, noiseVariance, power, new SplittableRandom(4));
    INDArray n = noisy.castTo(DataType.DOUBLE).sub(hTg);
    // per row the noise variance per dimension is noiseVariance · ‖G‖² / (power · U), G the row's sample block
    double[] rowSquares = g.castTo(DataType.DOUBLE).mul(g.castTo(DataType.DOUBLE)).sum(1).toDoubleVector();
    double[] expectedStd = new double[rows];
    for (int start = 0; start < rows; start += usesPerSample) {
      double block = 0;
      for (int i = start; i < start + usesPerSample; i++) block += rowSquares[i];
      for (int i = start; i < start + usesPerSample; i++) expectedStd[i] = Math.sqrt(noiseVariance * block / (power * usesPerSample));
    }
    INDArray normalised = n.divColumnVector(Nd4j.create(expectedStd, new long[] {rows, 1}, DataType.DOUBLE));
    assertEquals(0, normalised.meanNumber().doubleValue(), 0.01);
    assertEquals(1, normalised.mul(normalised).meanNumber().doubleValue(), 0.02);
  }

  @Test
  void aGainScalesTheChannel() {
    INDArray x = NdArrays.fromFloats(new float[] {1, 0, 0, 0, 0, 0, 0, 0}, 1, 8);
    INDArray y = OverTheAir.forward(x, OverTheAir.weights(H, 0.1), 0, new SplittableRandom(1));
    assertEquals(0.1 * H[2][0], y.getDouble(0, 2), 1e-6);
  }

  @Test
  void testBatchesSeeTheirOwnRealisationOfAFadingChannelAndTheSameStaticOne() {
    LinkConditions clear = new LinkConditions(1e9, 0, 0, 0, 0, 0, false, Double.NaN, 0, 0);
    Tensor x = Tensor.of(Nd4j.rand(DataType.FLOAT, 5, 8));
    MimoSpec noiseless = new MimoSpec(4, 3, true, ChannelModel.RAYLEIGH_BLOCK, 0, 1, 0, 0,
        Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1e6, 1, 0, MimoSpec.Payload.ACTIVATIONS, MimoSpec.Estimation.NONE);
    OverTheAirMedium fading = new OverTheAirMedium(new MimoChannel(noiseless, 9), 5);
    Tensor first = fading.carryTest(x, 4, 1, 100, clear);
    assertArrayEquals(first.toFloats(), fading.carryTest(x, 4, 1, 100, clear).toFloats(), "one seed, one realisation");
    assertFalse(Arrays.equals(first.toFloats(), fading.carryTest(x, 4, 1, 101, clear).toFloats()));
    assertFalse(Arrays.equals(first.toFloats(), fading.carry(Direction.FORWARD, x, 0, 4, 1, clear).values().toFloats()),
        "not the training block's channel");

    MimoSpec fixedSpec = new MimoSpec(4, 3, true, ChannelModel.STATIC, 0, 1, 0, 0,
        Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1e6, 1, 0, MimoSpec.Payload.ACTIVATIONS, MimoSpec.Estimation.NONE);
    OverTheAirMedium fixed = new OverTheAirMedium(new MimoChannel(fixedSpec, 9), 5);
    assertArrayEquals(fixed.carry(Direction.FORWARD, x, 0, 4, 1, clear).values().toFloats(),
        fixed.carryTest(x, 4, 1, 101, clear).toFloats());
  }
}
