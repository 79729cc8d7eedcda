package io.edgeweave.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.scenario.MimoSpec;
import io.edgeweave.scenario.MimoSpec.ChannelModel;
import io.edgeweave.tensor.NdArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DigitalOverMimoTest {
  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  @Test
  void capacityOfAScalarComplexChannelIsLog2OnePlusSnrGain() {
    MimoSpec siso = MimoChannelTest.spec(1, 1, true, ChannelModel.STATIC, 0, 1);
    double[][] h = {{0.6, -0.8}, {0.8, 0.6}}; // h = 0.6 + 0.8i, |h|² = 1
    assertEquals(log2(1 + 100), DigitalOverMimo.capacity(siso, h, 1, 20), 1e-9);
    assertEquals(log2(1 + 100 * 0.25), DigitalOverMimo.capacity(siso, h, 0.5, 20), 1e-9);
  }

  @Test
  void capacityOfParallelChannelsAddsUpWithPowerSplitEqually() {
    MimoSpec real = MimoChannelTest.spec(4, 4, false, ChannelModel.STATIC, 0, 1);
    double[][] identity = new double[4][4];
    for (int i = 0; i < 4; i++) identity[i][i] = 1;
    // four real sub-channels, each with SNR 10/4: 4 · ½·log2(1 + 2.5)
    assertEquals(2 * log2(3.5), DigitalOverMimo.capacity(real, identity, 1, 10), 1e-9);
    assertEquals(Double.POSITIVE_INFINITY, DigitalOverMimo.capacity(real, identity, 1, Double.POSITIVE_INFINITY));
  }

  @Test
  void capacityGrowsWithSnrAndAntennas() {
    MimoSpec small = MimoChannelTest.spec(2, 2, true, ChannelModel.STATIC, 0, 1);
    MimoSpec large = MimoChannelTest.spec(8, 8, true, ChannelModel.STATIC, 0, 1);
    double[][] hs = new MimoChannel(small, 1).at(0, 0);
    double[][] hl = new MimoChannel(large, 1).at(0, 0);
    assertTrue(DigitalOverMimo.capacity(small, hs, 1, 20) > DigitalOverMimo.capacity(small, hs, 1, 0));
    assertTrue(DigitalOverMimo.capacity(large, hl, 1, 20) > 2 * DigitalOverMimo.capacity(small, hs, 1, 20));
  }

  @Test
  void quantisationErrorIsAtMostHalfAStep() {
    INDArray v = Nd4j.rand(DataType.FLOAT, 50, 40).muli(4).subi(1); // in [-1, 3)
    for (int bits : new int[] {1, 4, 8}) {
      INDArray q = DigitalOverMimo.quantise(v, bits);
      double step = (v.maxNumber().doubleValue() - v.minNumber().doubleValue()) / (Math.pow(2, bits) - 1);
      assertTrue(q.sub(v).amaxNumber().doubleValue() <= step / 2 + 1e-6, "bits " + bits);
    }
    INDArray twoLevels = DigitalOverMimo.quantise(NdArrays.fromFloats(new float[] {-1, 0.2f, 1.5f, 3}, 1, 4), 1);
    assertEquals(-1, twoLevels.getFloat(0, 1));
    assertEquals(3, twoLevels.getFloat(0, 2));
  }
}
