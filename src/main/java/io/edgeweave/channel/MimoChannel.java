package io.edgeweave.channel;

import io.edgeweave.scenario.MimoSpec;
import java.util.SplittableRandom;

/**
 * The channel matrix H of one MIMO link over training steps, in real form: a complex channel of
 * N_r × N_t antennas becomes the 2N_r × 2N_t block matrix [[Re H, −Im H], [Im H, Re H]], so that
 * y = H·x + n on stacked real and imaginary parts is the complex product.
 *
 * <p>Entries are Rayleigh: i.i.d. N(0, 1) for a real channel, CN(0, 1) for a complex one (unit power per
 * entry), shaped by the Kronecker model H = R_r^½ · W · R_t^½ with exponential correlation matrices when
 * asked. Steps are grouped into coherence blocks of {@code coherenceSteps}: a {@code static} channel never
 * changes; a {@code rayleigh-block} channel is redrawn each block; a {@code quasi-static} one follows
 * H_{k+1} = ρ·H_k + √(1−ρ²)·G_{k+1}. A channel jump (a fault) starts a new epoch: the channel is redrawn
 * and evolves from there.
 *
 * <p>Every draw is seeded by (stream seed, epoch, block), so the matrix of a step is a pure function of
 * the seed, the step and the jumps before it. Not thread-safe: the link actor owns it.
 */
public final class MimoChannel {
  private final MimoSpec spec;
  private final long seed;
  private final double[][] receiveRoot;
  private final double[][] transmitRoot;

  private int epoch = -1;
  private int epochStartBlock;
  private int block;
  private double[][] current;

  /** @param seed the link's own stream, e.g. {@code Seeds.derive(scenarioSeed, "channel/" + linkId)} */
  public MimoChannel(MimoSpec spec, long seed) {
    this.spec = spec;
    this.seed = seed;
    this.receiveRoot = root(spec.receiveAntennas(), spec.receiveCorrelation());
    this.transmitRoot = root(spec.transmitAntennas(), spec.transmitCorrelation());
  }

  public MimoSpec spec() {
    return spec;
  }

  /** The coherence block of a training step. */
  public int blockOf(int step) {
    return spec.model() == MimoSpec.ChannelModel.STATIC ? 0 : step / spec.coherenceSteps();
  }

  /**
   * The real-form channel (receive dims × transmit dims) during {@code step}, in channel epoch
   * {@code epoch} (0 until the first jump). Do not modify the returned array.
   */
  public double[][] at(int step, int epoch) {
    int wanted = blockOf(step);
    if (epoch != this.epoch) {
      this.epoch = epoch;
      this.epochStartBlock = wanted;
      startEpoch();
    } else if (wanted < block) {
      startEpoch();
    }
    while (block < wanted) {
      block++;
      current = next(current, block);
    }
    return current;
  }

  private void startEpoch() {
    block = epochStartBlock;
    current = draw(block);
  }

  private double[][] next(double[][] h, int newBlock) {
    return switch (spec.model()) {
      case STATIC -> h;
      case RAYLEIGH_BLOCK -> draw(newBlock);
      case QUASI_STATIC -> {
        double rho = spec.rho();
        double fresh = Math.sqrt(1 - rho * rho);
        double[][] g = draw(newBlock);
        double[][] out = new double[h.length][h[0].length];
        for (int i = 0; i < h.length; i++) {
          for (int j = 0; j < h[0].length; j++) out[i][j] = rho * h[i][j] + fresh * g[i][j];
        }
        yield out;
      }
    };
  }

  /** A fresh correlated Rayleigh draw for a block of the current epoch, in real form. */
  private double[][] draw(int forBlock) {
    SplittableRandom rng = new SplittableRandom(StreamSeed.of(seed, epoch, forBlock));
    int nr = spec.receiveAntennas();
    int nt = spec.transmitAntennas();
    double scale = spec.complexEntries() ? Math.sqrt(0.5) : 1;
    double[][] re = correlate(gaussian(nr, nt, scale, rng));
    if (!spec.complexEntries()) return re;
    double[][] im = correlate(gaussian(nr, nt, scale, rng));
    double[][] real = new double[2 * nr][2 * nt];
    for (int i = 0; i < nr; i++) {
      for (int j = 0; j < nt; j++) {
        real[i][j] = re[i][j];
        real[i][j + nt] = -im[i][j];
        real[i + nr][j] = im[i][j];
        real[i + nr][j + nt] = re[i][j];
      }
    }
    return real;
  }

  private double[][] correlate(double[][] w) {
    double[][] left = receiveRoot == null ? w : SmallMatrices.multiply(receiveRoot, w);
    return transmitRoot == null ? left : SmallMatrices.multiply(left, SmallMatrices.transpose(transmitRoot));
  }

  private static double[][] gaussian(int rows, int cols, double scale, SplittableRandom rng) {
    double[][] m = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) m[i][j] = scale * rng.nextGaussian();
    }
    return m;
  }

  /** Cholesky factor of the antennas' correlation, or null when they are uncorrelated. */
  private static double[][] root(int antennas, double correlation) {
    return correlation == 0 ? null : SmallMatrices.cholesky(SmallMatrices.exponentialCorrelation(antennas, correlation));
  }
}
