package io.edgeweave.genai;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The Fréchet distance between two Gaussians (Dowson and Landau, 1982), as in the FID of Heusel et al.
 * (2017): ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^½). The trace of the non-symmetric square root is taken as
 * Tr((Σ₂^½ Σ₁ Σ₂^½)^½), which has the same eigenvalues and needs only symmetric eigendecompositions
 * (Apache Commons Math); eigenvalues that rounding makes slightly negative count as zero.
 */
public final class FrechetDistance {
  private FrechetDistance() {}

  public static double between(GaussianStats a, GaussianStats b) {
    RealMatrix s2 = MatrixUtils.createRealMatrix(b.covariance());
    return between(a, b, symmetricSqrt(s2), s2.getTrace());
  }

  /** The distance with b's covariance square root and trace given: many distances to one b need one eigendecomposition each. */
  static double between(GaussianStats a, GaussianStats b, RealMatrix rootB, double traceB) {
    if (a.dimension() != b.dimension()) {
      throw new IllegalArgumentException("features of " + a.dimension() + " and " + b.dimension() + " dimensions");
    }
    double meanTerm = 0;
    for (int i = 0; i < a.dimension(); i++) {
      double d = a.mean()[i] - b.mean()[i];
      meanTerm += d * d;
    }
    RealMatrix s1 = MatrixUtils.createRealMatrix(a.covariance());
    RealMatrix inner = rootB.multiply(s1).multiply(rootB);
    double crossTrace = 0;
    for (double lambda : eigenvalues(inner)) crossTrace += Math.sqrt(Math.max(0, lambda));
    return Math.max(0, meanTerm + s1.getTrace() + traceB - 2 * crossTrace);
  }

  /** V·diag(√max(λ, 0))·Vᵀ of a symmetric matrix. */
  static RealMatrix symmetricSqrt(RealMatrix m) {
    EigenDecomposition e = new EigenDecomposition(symmetrised(m));
    double[] lambda = e.getRealEigenvalues();
    double[] roots = new double[lambda.length];
    for (int i = 0; i < lambda.length; i++) roots[i] = Math.sqrt(Math.max(0, lambda[i]));
    RealMatrix v = e.getV();
    return v.multiply(MatrixUtils.createRealDiagonalMatrix(roots)).multiply(v.transpose());
  }

  private static double[] eigenvalues(RealMatrix m) {
    return new EigenDecomposition(symmetrised(m)).getRealEigenvalues();
  }

  /** (M + Mᵀ) / 2: removes the asymmetry rounding leaves in products of symmetric matrices. */
  private static RealMatrix symmetrised(RealMatrix m) {
    return m.add(m.transpose()).scalarMultiply(0.5);
  }
}
