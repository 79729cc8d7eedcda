package io.edgeweave.channel;

import io.edgeweave.scenario.MimoSpec;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pilot-based estimation of a MIMO channel, and the LMMSE equaliser the receiver builds from the estimate (ADR 22).
 *
 * <p>Pilots: P channel uses per coherence block; pilot k goes out on transmit antenna k mod N_t alone, at the full
 * transmit power p (real, on a complex antenna). Through the channel it arrives as y_k = √p·h_i + n_k, h_i the
 * antenna's column of H, so the receiver averages the n_i pilots of antenna i: least squares ĥ_i = ȳ_i / √p, with
 * error variance ε_i = N0 / (n_i·p) per real entry (N0 the noise per real dimension). For P a multiple of N_t that
 * is σ²·N_t / (P·p) per complex entry, what any orthogonal pilot matrix of the same energy gives. MMSE shrinks the
 * least-squares estimate toward the Rayleigh prior's mean, ĥ·v / (v + ε_i), v the prior's variance per real entry
 * (1 for a real channel, ½ per part of a complex one; antenna correlation is not used).
 *
 * <p>A complex channel's estimate keeps the real form's block structure: the column of the quadrature input is
 * [−Im h_i; Re h_i], filled from the same pilots.
 */
final class PilotEstimation {
  private PilotEstimation() {}

  /**
   * An estimate of the real-form channel.
   *
   * @param h the estimated channel, receive dims × transmit dims
   * @param errorVariance mean variance of the estimate's error per real entry
   */
  record Estimate(double[][] h, double errorVariance) {}

  /** The pilots of one block, one row per channel use: [P, transmit dims]. */
  static INDArray pilots(MimoSpec spec) {
    int count = spec.estimation().pilots();
    float[] values = new float[count * spec.transmitDims()];
    float amplitude = (float) Math.sqrt(spec.power());
    for (int k = 0; k < count; k++) values[k * spec.transmitDims() + k % spec.transmitAntennas()] = amplitude;
    return Nd4j.create(values, new long[] {count, spec.transmitDims()}, 'c');
  }

  /**
   * Sends the block's pilots through gain·H with noise of {@code noiseVariance} per real dimension (drawn from
   * {@code pilotSeed}) and estimates H from what arrived.
   */
  static Estimate overTheAir(MimoSpec spec, double[][] h, double gain, double noiseVariance, long pilotSeed) {
    INDArray received =
        OverTheAir.forward(pilots(spec), OverTheAir.weights(h, gain), noiseVariance, new SplittableRandom(pilotSeed));
    return estimate(spec, received, noiseVariance);
  }

  /** The estimate from the received pilots (rows as {@link #pilots} sent them). */
  static Estimate estimate(MimoSpec spec, INDArray received, double noiseVariance) {
    int nt = spec.transmitAntennas();
    int rows = spec.receiveDims();
    double[][] sums = new double[nt][rows];
    int[] counts = new int[nt];
    for (int k = 0; k < received.rows(); k++) {
      int antenna = k % nt;
      counts[antenna]++;
      for (int r = 0; r < rows; r++) sums[antenna][r] += received.getDouble(k, r);
    }
    double prior = spec.complexEntries() ? 0.5 : 1;
    double amplitude = Math.sqrt(spec.power());
    double[][] estimate = new double[rows][spec.transmitDims()];
    double errors = 0;
    for (int i = 0; i < nt; i++) {
      double error = noiseVariance / (counts[i] * spec.power());
      double shrink = spec.estimation().estimator() == MimoSpec.Estimator.MMSE ? prior / (prior + error) : 1;
      errors += error * shrink;
      for (int r = 0; r < rows; r++) estimate[r][i] = shrink * sums[i][r] / counts[i] / amplitude;
      if (spec.complexEntries()) {
        int nr = spec.receiveAntennas();
        for (int r = 0; r < nr; r++) {
          estimate[r][i + nt] = -estimate[r + nr][i];
          estimate[r + nr][i + nt] = estimate[r][i];
        }
      }
    }
    return new Estimate(estimate, errors / nt);
  }

  /**
   * The LMMSE equaliser of the estimate, E = (ĤᵀĤ + λ·I)⁻¹·Ĥᵀ (transmit dims × receive dims), with
   * λ = (N0 + ε·p)·dims / p: the received noise plus what the estimate's error makes of the signal, over the
   * signal's power per transmit dimension (the precoder spreads the power p over them). Without noise or error it
   * is the pseudo-inverse of Ĥ (zero-forcing).
   */
  static double[][] equaliser(MimoSpec spec, Estimate estimate, double noiseVariance) {
    RealMatrix h = MatrixUtils.createRealMatrix(estimate.h());
    double lambda = (noiseVariance + estimate.errorVariance() * spec.power()) * spec.transmitDims() / spec.power();
    if (lambda == 0) return new SingularValueDecomposition(h).getSolver().getInverse().getData();
    RealMatrix gram = h.transpose().multiply(h).add(MatrixUtils.createRealIdentityMatrix(h.getColumnDimension())
        .scalarMultiply(lambda));
    return new CholeskyDecomposition(gram).getSolver().solve(h.transpose()).getData();
  }

  /** Equalised rows x̂ = E·y of received rows y: [uses, transmit dims]; {@code weights} as {@link OverTheAir#weights}(E). */
  static INDArray equalise(INDArray received, INDArray weights) {
    return received.mmul(weights);
  }

  /**
   * What the receiver sends back for its error g on the equalised values: Eᵀ·g (rows g·E), so that the reciprocal
   * channel delivers Hᵀ·Eᵀ·g, the error of the transmitted values through the equalised link.
   */
  static INDArray throughEqualiser(INDArray errors, INDArray weights) {
    return errors.mmul(weights.transpose());
  }
}
