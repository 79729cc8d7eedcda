package io.edgeweave.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.scenario.MimoSpec;
import io.edgeweave.scenario.MimoSpec.ChannelModel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MimoChannelTest {
  static MimoSpec spec(int nt, int nr, boolean complex, ChannelModel model, double rho, int coherence) {
    return new MimoSpec(nt, nr, complex, model, rho, coherence, 0, 0, 20, 20, 1e6, 1, 0, MimoSpec.Payload.ACTIVATIONS, MimoSpec.Estimation.NONE);
  }

  private static MimoSpec correlated(double tx, double rx) {
    return new MimoSpec(4, 4, false, ChannelModel.RAYLEIGH_BLOCK, 0, 1, tx, rx, 20, 20, 1e6, 1, 0, MimoSpec.Payload.ACTIVATIONS, MimoSpec.Estimation.NONE);
  }

  @Test
  void oneSeedGivesOneChannel() {
    MimoSpec s = spec(4, 3, true, ChannelModel.QUASI_STATIC, 0.9, 2);
    assertTrue2d(new MimoChannel(s, 5).at(9, 0), new MimoChannel(s, 5).at(9, 0));
    assertFalse(Arrays.deepEquals(new MimoChannel(s, 5).at(0, 0), new MimoChannel(s, 6).at(0, 0)));
  }

  @Test
  void aComplexChannelHasTheRealBlockForm() {
    double[][] h = new MimoChannel(spec(3, 2, true, ChannelModel.STATIC, 0, 1), 1).at(0, 0);
    assertEquals(4, h.length);
    assertEquals(6, h[0].length);
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(h[i][j], h[i + 2][j + 3]); // Re H on both diagonal blocks
        assertEquals(-h[i][j + 3], h[i + 2][j]); // −Im H above, Im H below
      }
    }
  }

  @Test
  void aStaticChannelNeverChangesAndABlockChannelChangesPerBlockOnly() {
    MimoChannel fixed = new MimoChannel(spec(2, 2, false, ChannelModel.STATIC, 0, 1), 3);
    double[][] first = fixed.at(0, 0);
    assertSame(first, fixed.at(1000, 0));

    MimoChannel block = new MimoChannel(spec(2, 2, false, ChannelModel.RAYLEIGH_BLOCK, 0, 5), 3);
    double[][] b0 = block.at(0, 0);
    assertSame(b0, block.at(4, 0));
    assertNotSame(b0, block.at(5, 0));
    assertTrue2d(b0, block.at(3, 0)); // going back recomputes the same draw
  }

  @Test
  void entriesHaveUnitPowerAndBlocksOfAGaussMarkovChannelCorrelateByRho() {
    // one 64×64 real channel: 4096 entries per block; correlation of consecutive blocks estimates rho
    MimoChannel c = new MimoChannel(spec(64, 64, false, ChannelModel.QUASI_STATIC, 0.9, 1), 11);
    double[][] a = copy(c.at(0, 0));
    double[][] b = c.at(1, 0);
    assertEquals(1.0, meanProduct(a, a), 0.06);
    assertEquals(0.9, meanProduct(a, b), 0.03);
    assertEquals(1.0, meanProduct(b, b), 0.06);
    // independent blocks of a fast-fading channel are uncorrelated
    MimoChannel fast = new MimoChannel(spec(64, 64, false, ChannelModel.RAYLEIGH_BLOCK, 0, 1), 11);
    assertEquals(0.0, meanProduct(copy(fast.at(0, 0)), fast.at(1, 0)), 0.05);
  }

  @Test
  void complexEntriesHaveUnitPowerSplitBetweenRealAndImaginaryParts() {
    double[][] h = new MimoChannel(spec(48, 48, true, ChannelModel.STATIC, 0, 1), 2).at(0, 0);
    double re = 0;
    double im = 0;
    for (int i = 0; i < 48; i++) {
      for (int j = 0; j < 48; j++) {
        re += h[i][j] * h[i][j];
        im += h[i + 48][j] * h[i + 48][j];
      }
    }
    assertEquals(0.5, re / (48 * 48), 0.04);
    assertEquals(0.5, im / (48 * 48), 0.04);
  }

  @Test
  void kroneckerCorrelationShapesNeighbouringAntennas() {
    // E[h_1j h_2j] = r_rx and E[h_i1 h_i2] = r_tx for unit-power entries
    int draws = 4000;
    double rx = 0;
    double tx = 0;
    MimoChannel c = new MimoChannel(correlated(0.3, 0.7), 8);
    for (int k = 0; k < draws; k++) {
      double[][] h = c.at(k, 0);
      for (int j = 0; j < 4; j++) rx += h[0][j] * h[1][j];
      for (int i = 0; i < 4; i++) tx += h[i][0] * h[i][1];
    }
    assertEquals(0.7, rx / (4.0 * draws), 0.03);
    assertEquals(0.3, tx / (4.0 * draws), 0.03);
  }

  @Test
  void aJumpRedrawsTheChannelFromThatStepOn() {
    MimoChannel c = new MimoChannel(spec(3, 3, true, ChannelModel.STATIC, 0, 1), 4);
    double[][] before = copy(c.at(10, 0));
    double[][] after = c.at(11, 1);
    assertFalse(Arrays.deepEquals(before, after));
    assertSame(after, c.at(500, 1));
  }

  @Test
  void aChannelRestoredFromItsEpochStartsContinuesTheChainExactly() {
    MimoSpec drifting = spec(3, 2, true, ChannelModel.QUASI_STATIC, 0.9, 2);
    MimoChannel uninterrupted = new MimoChannel(drifting, 21);
    for (int step = 0; step <= 30; step++) uninterrupted.at(step, step < 12 ? 0 : 1); // a jump seen at step 12
    assertEquals(java.util.List.of(0, 6), uninterrupted.epochStarts());

    MimoChannel resumed = new MimoChannel(drifting, 21);
    resumed.restoreEpochStarts(uninterrupted.epochStarts());
    assertTrue2d(uninterrupted.at(31, 1), resumed.at(31, 1));
    assertTrue2d(uninterrupted.at(9, 0), new MimoChannel(drifting, 21).at(9, 0)); // epoch 0 always chains from block 0

    // without the epochs, a fresh channel would start the jump's chain where it first sees it: a different H
    MimoChannel forgetful = new MimoChannel(drifting, 21);
    assertFalse(Arrays.deepEquals(uninterrupted.at(31, 1), forgetful.at(31, 1)));
  }

  @Test
  void testRealisationsFollowTheModelAndLeaveTheChainAlone() {
    MimoChannel fixed = new MimoChannel(spec(2, 2, true, ChannelModel.STATIC, 0, 1), 5);
    assertSame(fixed.at(7, 0), fixed.nextBlockRealisation(7, 0, 123));

    MimoChannel drifting = new MimoChannel(spec(64, 64, false, ChannelModel.QUASI_STATIC, 0.9, 1), 5);
    double[][] now = copy(drifting.at(3, 0));
    double[][] next = drifting.nextBlockRealisation(3, 0, 123);
    assertEquals(0.9, meanProduct(now, next), 0.03);
    assertTrue2d(now, drifting.at(3, 0));
    assertFalse(Arrays.deepEquals(next, drifting.nextBlockRealisation(3, 0, 124)));
    assertTrue2d(next, drifting.nextBlockRealisation(3, 0, 123));

    MimoChannel fast = new MimoChannel(spec(64, 64, false, ChannelModel.RAYLEIGH_BLOCK, 0, 1), 5);
    double[][] training = copy(fast.at(3, 0));
    assertEquals(0.0, meanProduct(training, fast.nextBlockRealisation(3, 0, 123)), 0.05);
  }

  private static double meanProduct(double[][] a, double[][] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) sum += a[i][j] * b[i][j];
    }
    return sum / (a.length * a[0].length);
  }

  private static double[][] copy(double[][] m) {
    return Arrays.stream(m).map(double[]::clone).toArray(double[][]::new);
  }

  private static void assertTrue2d(double[][] expected, double[][] actual) {
    for (int i = 0; i < expected.length; i++) assertArrayEquals(expected[i], actual[i]);
  }
}
