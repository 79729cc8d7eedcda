package io.edgeweave.channel;

import io.edgeweave.scenario.MimoSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

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
 * at the block where the epoch is first seen and evolves from there.
 *
 * <p>Every draw G is seeded by (stream seed, epoch, block), and each epoch's chain starts at a recorded block
 * (epoch 0 at block 0), so H of a block is a pure function of the seed, the block and the epochs' starting
 * blocks: a link restored with {@link #restoreEpochStarts} replays the chain to exactly the matrix the
 * uninterrupted link had. Only the last block is cached. Not thread-safe: the link actor owns it.
 */
public final class MimoChannel {
  private final MimoSpec spec;
  private final long seed;
  private final RealMatrix receiveRoot;
  private final RealMatrix transmitRoot;
  /** The block at which each channel epoch began. */
  private final List<Integer> epochStarts = new ArrayList<>(List.of(0));

  private int cachedEpoch = -1;
  private int cachedBlock;
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
   * {@code epoch} (0 until the first jump). An epoch not seen before starts at the step's block. Do not
   * modify the returned array.
   */
  public double[][] at(int step, int epoch) {
    int wanted = blockOf(step);
    while (epochStarts.size() <= epoch) epochStarts.add(wanted);
    int start = epochStarts.get(epoch);
    int block = Math.max(wanted, start);
    if (epoch == cachedEpoch && block == cachedBlock) return current;
    boolean chained = spec.model() == MimoSpec.ChannelModel.QUASI_STATIC;
    if (!chained || epoch != cachedEpoch || block < cachedBlock) {
      cachedEpoch = epoch;
      cachedBlock = chained ? start : block;
      current = draw(blockStream(epoch, cachedBlock));
    }
    while (cachedBlock < block) {
      cachedBlock++;
      current = gaussMarkov(current, spec.rho(), draw(blockStream(epoch, cachedBlock)));
    }
    return current;
  }

  /**
   * A realisation of the coherence block after {@code step}'s, given the channel during {@code step}: the same H
   * on a static channel, ρ·H + √(1−ρ²)·G on a quasi-static one, a fresh draw G on a Rayleigh-block one, with G
   * drawn from {@code drawSeed} (a stream of its own, apart from the chain's). Leaves the chain as it was.
   */
  public double[][] nextBlockRealisation(int step, int epoch, long drawSeed) {
    double[][] h = at(step, epoch);
    return switch (spec.model()) {
      case STATIC -> h;
      case QUASI_STATIC -> gaussMarkov(h, spec.rho(), draw(new SplittableRandom(drawSeed)));
      case RAYLEIGH_BLOCK -> draw(new SplittableRandom(drawSeed));
    };
  }

  /** The block at which each channel epoch seen so far began, in epoch order (for a checkpoint). */
  public List<Integer> epochStarts() {
    return List.copyOf(epochStarts);
  }

  /** Continues from the epochs of a checkpoint, as {@link #epochStarts()} gave them. */
  public void restoreEpochStarts(List<Integer> starts) {
    if (starts.isEmpty() || starts.get(0) != 0) {
      throw new IllegalArgumentException("channel epochs must start with epoch 0 at block 0: " + starts);
    }
    epochStarts.clear();
    epochStarts.addAll(starts);
    cachedEpoch = -1;
  }

  private SplittableRandom blockStream(int epoch, int block) {
    return new SplittableRandom(StreamSeed.of(seed, epoch, block));
  }

  private static double[][] gaussMarkov(double[][] h, double rho, double[][] g) {
    double fresh = Math.sqrt(1 - rho * rho);
    double[][] out = new double[h.length][h[0].length];
    for (int i = 0; i < h.length; i++) {
      for (int j = 0; j < h[0].length; j++) out[i][j] = rho * h[i][j] + fresh * g[i][j];
    }
    return out;
  }

  /** A correlated Rayleigh draw in real form. */
  private double[][] draw(SplittableRandom rng) {
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
    if (receiveRoot == null && transmitRoot == null) return w;
    RealMatrix m = MatrixUtils.createRealMatrix(w);
    if (receiveRoot != null) m = receiveRoot.multiply(m);
    if (transmitRoot != null) m = m.multiply(transmitRoot.transpose());
    return m.getData();
  }

  private static double[][] gaussian(int rows, int cols, double scale, SplittableRandom rng) {
    double[][] m = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) m[i][j] = scale * rng.nextGaussian();
    }
    return m;
  }

  /** Cholesky factor of the antennas' exponential correlation R_ij = r^|i−j|, or null when they are uncorrelated. */
  private static RealMatrix root(int antennas, double correlation) {
    if (correlation == 0) return null;
    double[][] r = new double[antennas][antennas];
    for (int i = 0; i < antennas; i++) {
      for (int j = 0; j < antennas; j++) r[i][j] = Math.pow(correlation, Math.abs(i - j));
    }
    return new CholeskyDecomposition(MatrixUtils.createRealMatrix(r)).getL();
  }
}
