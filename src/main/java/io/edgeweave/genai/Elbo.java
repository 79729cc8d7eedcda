package io.edgeweave.genai;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The negative evidence lower bound of a VAE with Bernoulli pixels and a standard Gaussian prior, averaged
 * over the batch: Σ_pixels BCE(x, sigmoid(logits)) + KL(N(μ, σ²) ‖ N(0, I)), and its gradients.
 */
final class Elbo {
  private Elbo() {}

  /** z = μ + exp(½·logVar)·ε. */
  static INDArray sample(INDArray mu, INDArray logVar, INDArray noise) {
    return Transforms.exp(logVar.mul(0.5), false).muli(noise).addi(mu);
  }

  /** Mean over the batch of the reconstruction loss (stable BCE with logits) plus the KL term. */
  static double loss(INDArray logits, INDArray x, INDArray mu, INDArray logVar) {
    // BCE with logits: max(l, 0) − x·l + log(1 + exp(−|l|))
    INDArray bce = Transforms.relu(logits, true)
        .subi(x.mul(logits))
        .addi(Transforms.log(Transforms.exp(Transforms.abs(logits, true).negi(), false).addi(1), false));
    INDArray kl = mu.mul(mu).addi(Transforms.exp(logVar, true)).subi(logVar).subi(1).muli(0.5);
    return (bce.sumNumber().doubleValue() + kl.sumNumber().doubleValue()) / x.rows();
  }

  /** dLoss/dLogits = (sigmoid(logits) − x) / batch. */
  static INDArray dLogits(INDArray logits, INDArray x) {
    return Transforms.sigmoid(logits, true).subi(x).divi(x.rows());
  }

  /**
   * Gradients with respect to μ and logVar, given dLoss/dz of the sampled latent: the reparameterisation
   * path plus the KL term. Returns {dμ, dlogVar}.
   */
  static INDArray[] dPosterior(INDArray dz, INDArray mu, INDArray logVar, INDArray noise) {
    long batch = mu.rows();
    INDArray dMu = dz.add(mu.div(batch));
    INDArray dLogVar = dz.mul(noise).muli(Transforms.exp(logVar.mul(0.5), false)).muli(0.5)
        .addi(Transforms.exp(logVar, true).subi(1).muli(0.5 / batch));
    return new INDArray[] {dMu, dLogVar};
  }
}
