package io.edgeweave.genai;

import io.edgeweave.data.OneHot;
import io.edgeweave.tensor.NdArrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A conditional VAE of dense layers (Kingma and Welling, 2014; Sohn et al., 2015): encoder [x, y] → (μ, logσ²),
 * decoder [z, y] → pixel logits, with y the one-hot class. Encoder and decoder parameters are views into one
 * flat vector, so the whole model travels and averages as one array. Not thread-safe.
 */
public final class Cvae implements ElboModel {
  private final VaeShape shape;
  private final INDArray params;
  private final INDArray grads;
  private final Mlp encoder;
  private final Mlp decoder;

  record Encoded(Mlp.Pass pass, INDArray mu, INDArray logVar) {}

  record Decoded(Mlp.Pass pass, INDArray logits) {}

  /** A model over {@code params} (a flat vector of {@link VaeShape#parameterCount()} values, used in place). */
  public Cvae(VaeShape shape, INDArray params) {
    this.shape = shape;
    this.params = params.reshape(params.length());
    this.grads = Nd4j.zeros(params.dataType(), params.length());
    long split = shape.encoderParameters();
    this.encoder = new Mlp(shape.encoderWidths(), slice(this.params, 0, split), slice(grads, 0, split));
    this.decoder = new Mlp(shape.decoderWidths(), slice(this.params, split, params.length()), slice(grads, split, params.length()));
  }

  public static Cvae of(VaeShape shape, float[] params) {
    return new Cvae(shape, NdArrays.fromFloats(params, params.length));
  }

  /** Fresh float32 parameters: Glorot-uniform weights drawn from {@code seed}, zero biases. */
  public static float[] initialParameters(VaeShape shape, long seed) {
    float[] flat = new float[Math.toIntExact(shape.parameterCount())];
    SplittableRandom random = new SplittableRandom(seed);
    Mlp.initialise(shape.encoderWidths(), flat, 0, random);
    Mlp.initialise(shape.decoderWidths(), flat, Math.toIntExact(shape.encoderParameters()), random);
    return flat;
  }

  private static INDArray slice(INDArray flat, long from, long to) {
    return flat.get(NDArrayIndex.interval(from, to));
  }

  public VaeShape shape() {
    return shape;
  }

  /** The parameters in place (a flat vector): changing it changes the model. */
  public INDArray params() {
    return params;
  }

  /** A float32 copy of the parameters, the model's compact state. */
  public float[] parameters() {
    return NdArrays.toFloats(params);
  }

  INDArray oneHot(int[] classes) {
    return OneHot.encode(classes, shape.classes()).castTo(params.dataType());
  }

  Encoded encode(INDArray x, INDArray y) {
    Mlp.Pass pass = encoder.forward(Nd4j.hstack(x, y));
    INDArray out = pass.output();
    int z = shape.latent();
    return new Encoded(pass, columns(out, 0, z), columns(out, z, 2 * z));
  }

  /** Adds the encoder's parameter gradient for dL/dμ and dL/dlogσ². */
  void backwardEncode(Encoded e, INDArray dMu, INDArray dLogVar) {
    encoder.backward(e.pass(), Nd4j.hstack(dMu, dLogVar));
  }

  Decoded decode(INDArray z, INDArray y) {
    Mlp.Pass pass = decoder.forward(Nd4j.hstack(z, y));
    return new Decoded(pass, pass.output());
  }

  /** Adds the decoder's parameter gradient for dL/dlogits and returns dL/dz. */
  INDArray backwardDecode(Decoded d, INDArray dLogits) {
    return columns(decoder.backward(d.pass(), dLogits), 0, shape.latent());
  }

  static INDArray columns(INDArray m, int from, int to) {
    return m.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup();
  }

  void zeroGradients() {
    grads.assign(0);
  }

  INDArray grads() {
    return grads;
  }

  @Override
  public double lossAndGradients(INDArray x, int[] classes, INDArray noise) {
    zeroGradients();
    INDArray y = oneHot(classes);
    Encoded e = encode(x, y);
    INDArray z = Elbo.sample(e.mu(), e.logVar(), noise);
    Decoded d = decode(z, y);
    double loss = Elbo.loss(d.logits(), x, e.mu(), e.logVar());
    INDArray dz = backwardDecode(d, Elbo.dLogits(d.logits(), x));
    INDArray[] dPosterior = Elbo.dPosterior(dz, e.mu(), e.logVar(), noise);
    backwardEncode(e, dPosterior[0], dPosterior[1]);
    return loss;
  }

  @Override
  public List<ParamGroup> trainable() {
    return List.of(new ParamGroup(params, grads));
  }

  /** The encoder's parameters and gradients (views into the flat vectors). */
  ParamGroup encoderGroup() {
    long split = shape.encoderParameters();
    return new ParamGroup(slice(params, 0, split), slice(grads, 0, split));
  }

  /** The decoder's parameters and gradients (views into the flat vectors). */
  ParamGroup decoderGroup() {
    long split = shape.encoderParameters();
    return new ParamGroup(slice(params, split, params.length()), slice(grads, split, params.length()));
  }

  @Override
  public int group(int cls) {
    return 0;
  }

  @Override
  public long trainFlops(int cls) {
    return shape.trainFlops();
  }

  @Override
  public int noiseWidth() {
    return shape.latent();
  }

  @Override
  public int classes() {
    return shape.classes();
  }

  @Override
  public INDArray generate(int[] classes, INDArray noise) {
    return Transforms.sigmoid(decode(noise.castTo(params.dataType()), oneHot(classes)).logits(), false);
  }

  /** Decoder logits of latent points, for callers that combine several decoders. */
  INDArray decodeLogits(INDArray z, INDArray y) {
    return decoder.apply(Nd4j.hstack(z, y));
  }

  @Override
  public long generateFlops(int cls) {
    return shape.generateFlops();
  }

  @Override
  public long parameterCount() {
    return shape.parameterCount();
  }
}
