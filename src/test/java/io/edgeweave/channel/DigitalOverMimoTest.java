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
    assertEquals(log2(1 + 100), DigitalOverMimo.capacity(siso, h, 1, 20, Direction.FORWARD), 1e-9);
    assertEquals(log2(1 + 100 * 0.25), DigitalOverMimo.capacity(siso, h, 0.5, 20, Direction.FORWARD), 1e-9);
  }

  @Test
  void capacityOfParallelChannelsAddsUpWithPowerSplitEqually() {
    MimoSpec real = MimoChannelTest.spec(4, 4, false, ChannelModel.STATIC, 0, 1);
    double[][] identity = new double[4][4];
    for (int i = 0; i < 4; i++) identity[i][i] = 1;
    // four real sub-channels, each with SNR 10/4: 4 · ½·log2(1 + 2.5)
    assertEquals(2 * log2(3.5), DigitalOverMimo.capacity(real, identity, 1, 10, Direction.FORWARD), 1e-9);
    assertEquals(Double.POSITIVE_INFINITY, DigitalOverMimo.capacity(real, identity, 1, Double.POSITIVE_INFINITY, Direction.FORWARD));
  }

  @Test
  void backwardTheReceiveAntennasShareThePower() {
    // one transmit antenna, four receive antennas, h = (1, i, −1, −i)/√2: ‖h‖² = 2
    MimoSpec simo = MimoChannelTest.spec(1, 4, true, ChannelModel.STATIC, 0, 1);
    double a = Math.sqrt(0.5);
    double[][] re = {{a}, {0}, {-a}, {0}};
    double[][] im = {{0}, {a}, {0}, {-a}};
    double[][] h = new double[8][2];
    for (int i = 0; i < 4; i++) {
      h[i][0] = re[i][0];
      h[i][1] = -im[i][0];
      h[i + 4][0] = im[i][0];
      h[i + 4][1] = re[i][0];
    }
    // forward all power on the one antenna: log2(1 + SNR·‖h‖²); back, four antennas share it: log2(1 + SNR/4·‖h‖²)
    assertEquals(log2(1 + 100 * 2), DigitalOverMimo.capacity(simo, h, 1, 20, Direction.FORWARD), 1e-9);
    assertEquals(log2(1 + 100 * 2 / 4.0), DigitalOverMimo.capacity(simo, h, 1, 20, Direction.BACKWARD), 1e-9);
    // with as many antennas each way, both directions are the same
    MimoSpec square = MimoChannelTest.spec(3, 3, true, ChannelModel.STATIC, 0, 1);
    double[][] hs = new MimoChannel(square, 2).at(0, 0);
    assertEquals(DigitalOverMimo.capacity(square, hs, 1, 10, Direction.FORWARD),
        DigitalOverMimo.capacity(square, hs, 1, 10, Direction.BACKWARD), 1e-12);
  }

  @Test
  void capacityGrowsWithSnrAndAntennas() {
    MimoSpec small = MimoChannelTest.spec(2, 2, true, ChannelModel.STATIC, 0, 1);
    MimoSpec large = MimoChannelTest.spec(8, 8, true, ChannelModel.STATIC, 0, 1);
    double[][] hs = new MimoChannel(small, 1).at(0, 0);
    double[][] hl = new MimoChannel(large, 1).at(0, 0);
    assertTrue(DigitalOverMimo.capacity(small, hs, 1, 20, Direction.FORWARD) > DigitalOverMimo.capacity(small, hs, 1, 0, Direction.FORWARD));
    assertTrue(DigitalOverMimo.capacity(large, hl, 1, 20, Direction.FORWARD) > 2 * DigitalOverMimo.capacity(small, hs, 1, 20, Direction.FORWARD));
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
