package io.edgeweave.channel;

/** Dense linear algebra on small {@code double[][]} matrices (antenna counts, not batches). */
final class SmallMatrices {
  private SmallMatrices() {}

  /** The lower-triangular L with L·Lᵀ = a, for a symmetric positive definite {@code a}. */
  static double[][] cholesky(double[][] a) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = a[i][j];
        for (int k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
        if (i == j) {
          if (sum <= 0) throw new IllegalArgumentException("matrix is not positive definite");
          l[i][i] = Math.sqrt(sum);
        } else {
          l[i][j] = sum / l[j][j];
        }
      }
    }
    return l;
  }

  /** ln det(a) of a symmetric positive definite matrix. */
  static double logDeterminant(double[][] a) {
    double[][] l = cholesky(a);
    double sum = 0;
    for (int i = 0; i < l.length; i++) sum += Math.log(l[i][i]);
    return 2 * sum;
  }

  /** The exponential correlation matrix R_ij = r^|i−j| of n antennas. */
  static double[][] exponentialCorrelation(int n, double r) {
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) m[i][j] = Math.pow(r, Math.abs(i - j));
    }
    return m;
  }

  static double[][] multiply(double[][] a, double[][] b) {
    int n = a.length;
    int m = b[0].length;
    double[][] c = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < b.length; k++) {
        double aik = a[i][k];
        if (aik == 0) continue;
        for (int j = 0; j < m; j++) c[i][j] += aik * b[k][j];
      }
    }
    return c;
  }

  static double[][] transpose(double[][] a) {
    double[][] t = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
    }
    return t;
  }
}
