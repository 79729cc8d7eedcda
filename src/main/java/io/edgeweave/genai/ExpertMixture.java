package io.edgeweave.genai;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The big model assembled bottom-up from edge generators: every edge's conditional VAE is an expert; each
 * joins a shared latent space through its {@link Adapter}; a {@link HierarchicalGate} picks, for a request's
 * task category, K experts and their weights. A batch of category t is encoded by the K experts, their
 * posteriors projected into the shared space and mixed by the weights; one shared latent sample is
 * projected back into each expert, and their decoders' pixel logits are mixed by the same weights.
 * Trained by the ELBO like a single VAE. With {@link Strategy#FREEZE} only the projections and the gate
 * learn; with {@link Strategy#FINE_TUNE} the experts learn too; {@link #tuning} trains any set of {@link Part}s.
 * Not thread-safe.
 */
public final class ExpertMixture implements ElboModel {
  /** What the cloud trains when it assembles the experts. */
  public enum Strategy {
    FREEZE,
    FINE_TUNE;

    Set<Part> parts() {
      return this == FREEZE ? EnumSet.of(Part.GATE, Part.PROJECTIONS) : EnumSet.allOf(Part.class);
    }
  }

  /** The trainable parts of the mixture. */
  public enum Part {
    GATE,
    PROJECTIONS,
    ENCODERS,
    DECODERS
  }

  private final List<Cvae> experts;
  private final List<Adapter> adapters;
  private final HierarchicalGate gate;
  private final int shared;
  private final Strategy strategy;
  private final Set<Part> parts;

  /** @param adapterParams flat parameters of each expert's adapter (used in place) */
  public ExpertMixture(List<Cvae> experts, List<INDArray> adapterParams, HierarchicalGate gate, int shared, Strategy strategy) {
    this(experts, adapterParams, gate, shared, strategy, strategy.parts());
  }

  private ExpertMixture(
      List<Cvae> experts, List<INDArray> adapterParams, HierarchicalGate gate, int shared, Strategy strategy, Set<Part> parts) {
    if (experts.size() != adapterParams.size()) throw new IllegalArgumentException("one adapter per expert");
    this.experts = List.copyOf(experts);
    this.adapters = new ArrayList<>();
    for (int i = 0; i < experts.size(); i++) {
      adapters.add(new Adapter(experts.get(i).shape().latent(), shared, adapterParams.get(i)));
    }
    this.gate = gate;
    this.shared = shared;
    this.strategy = strategy;
    this.parts = Collections.unmodifiableSet(EnumSet.copyOf(parts));
  }

  /** Joins the experts with identity projections into a shared space as wide as the widest expert latent. */
  public static ExpertMixture assemble(List<Cvae> experts, HierarchicalGate gate, Strategy strategy) {
    int shared = experts.stream().mapToInt(e -> e.shape().latent()).max().orElseThrow();
    List<INDArray> adapters = new ArrayList<>();
    for (Cvae e : experts) {
      float[] identity = Adapter.identity(e.shape().latent(), shared);
      adapters.add(Nd4j.createFromArray(identity).castTo(e.params().dataType()));
    }
    return new ExpertMixture(experts, adapters, gate, shared, strategy);
  }

  public List<Cvae> experts() {
    return experts;
  }

  public HierarchicalGate gate() {
    return gate;
  }

  public int sharedLatent() {
    return shared;
  }

  public Strategy strategy() {
    return strategy;
  }

  /** The flat parameters of expert i's adapter, in place. */
  public INDArray adapterParams(int i) {
    return adapters.get(i).params();
  }

  /** The parts its training updates. */
  public Set<Part> parts() {
    return parts;
  }

  /** The same model (sharing no arrays) trained with another strategy from here on. */
  public ExpertMixture withStrategy(Strategy other) {
    return tuning(other.parts());
  }

  /**
   * The same model (sharing no arrays) whose training updates only {@code tuned}; its {@link #strategy} is
   * fine-tune when an expert part is tuned, else freeze.
   */
  public ExpertMixture tuning(Set<Part> tuned) {
    if (tuned.isEmpty()) throw new IllegalArgumentException("tune at least one part");
    boolean experts = tuned.contains(Part.ENCODERS) || tuned.contains(Part.DECODERS);
    return new ExpertMixture(
        this.experts.stream().map(e -> new Cvae(e.shape(), e.params().dup())).toList(),
        adapters.stream().map(a -> a.params().dup()).toList(),
        new HierarchicalGate(gate.categories(), selections(), gate.logits().dup()),
        shared,
        experts ? Strategy.FINE_TUNE : Strategy.FREEZE,
        tuned);
  }

  private int[][] selections() {
    int[][] all = new int[gate.categories().size()][];
    for (int t = 0; t < all.length; t++) all[t] = gate.selected(t);
    return all;
  }

  /**
   * The task-specific model of category {@code t}: copies of its selected experts, their adapters and their
   * gate columns; it serves only that category's classes and trains everything it holds.
   */
  public ExpertMixture cut(int t) {
    int[] chosen = gate.selected(t);
    List<Cvae> kept = new ArrayList<>();
    List<INDArray> keptAdapters = new ArrayList<>();
    for (int i : chosen) {
      kept.add(new Cvae(experts.get(i).shape(), experts.get(i).params().dup()));
      keptAdapters.add(adapters.get(i).params().dup());
    }
    return new ExpertMixture(kept, keptAdapters, gate.cut(t), shared, Strategy.FINE_TUNE);
  }

  private static INDArray column(INDArray m, int k) {
    return m.getColumn(k, true);
  }

  @Override
  public double lossAndGradients(INDArray x, int[] classes, INDArray noise) {
    experts.forEach(Cvae::zeroGradients);
    adapters.forEach(a -> a.grads().assign(0));
    gate.grads().assign(0);
    int[] chosen = gate.selected(gate.categoryOfBatch(classes));
    INDArray weights = gate.weights(classes);
    int k = chosen.length;
    Cvae.Encoded[] encoded = new Cvae.Encoded[k];
    Mlp.Pass[] means = new Mlp.Pass[k];
    Mlp.Pass[] logVars = new Mlp.Pass[k];
    INDArray mu = Nd4j.zeros(x.dataType(), x.rows(), shared);
    INDArray logVar = Nd4j.zeros(x.dataType(), x.rows(), shared);
    for (int j = 0; j < k; j++) {
      Cvae expert = experts.get(chosen[j]);
      Adapter adapter = adapters.get(chosen[j]);
      encoded[j] = expert.encode(x, expert.oneHot(classes));
      means[j] = adapter.meanIn.forward(encoded[j].mu());
      logVars[j] = adapter.logVarIn.forward(encoded[j].logVar());
      mu.addi(means[j].output().mulColumnVector(column(weights, j)));
      logVar.addi(logVars[j].output().mulColumnVector(column(weights, j)));
    }
    INDArray z = Elbo.sample(mu, logVar, noise);
    Mlp.Pass[] latents = new Mlp.Pass[k];
    Cvae.Decoded[] decoded = new Cvae.Decoded[k];
    INDArray logits = Nd4j.zeros(x.dataType(), x.rows(), x.columns());
    for (int j = 0; j < k; j++) {
      Cvae expert = experts.get(chosen[j]);
      latents[j] = adapters.get(chosen[j]).latentOut.forward(z);
      decoded[j] = expert.decode(latents[j].output(), expert.oneHot(classes));
      logits.addi(decoded[j].logits().mulColumnVector(column(weights, j)));
    }
    double loss = Elbo.loss(logits, x, mu, logVar);

    INDArray dLogits = Elbo.dLogits(logits, x);
    INDArray dWeights = weights.ulike().assign(0);
    INDArray dz = z.ulike().assign(0);
    for (int j = 0; j < k; j++) {
      Cvae expert = experts.get(chosen[j]);
      column(dWeights, j).addi(dLogits.mul(decoded[j].logits()).sum(true, 1));
      INDArray dExpertLatent = expert.backwardDecode(decoded[j], dLogits.mulColumnVector(column(weights, j)));
      dz.addi(adapters.get(chosen[j]).latentOut.backward(latents[j], dExpertLatent));
    }
    INDArray[] dPosterior = Elbo.dPosterior(dz, mu, logVar, noise);
    for (int j = 0; j < k; j++) {
      Adapter adapter = adapters.get(chosen[j]);
      column(dWeights, j)
          .addi(dPosterior[0].mul(means[j].output()).sum(true, 1))
          .addi(dPosterior[1].mul(logVars[j].output()).sum(true, 1));
      INDArray dMu = adapter.meanIn.backward(means[j], dPosterior[0].mulColumnVector(column(weights, j)));
      INDArray dLogVar = adapter.logVarIn.backward(logVars[j], dPosterior[1].mulColumnVector(column(weights, j)));
      if (parts.contains(Part.ENCODERS)) experts.get(chosen[j]).backwardEncode(encoded[j], dMu, dLogVar);
    }
    gate.backward(classes, weights, dWeights);
    return loss;
  }

  @Override
  public List<ParamGroup> trainable() {
    List<ParamGroup> groups = new ArrayList<>();
    if (parts.contains(Part.PROJECTIONS)) adapters.forEach(a -> groups.add(new ParamGroup(a.params(), a.grads())));
    if (parts.contains(Part.GATE)) groups.add(new ParamGroup(gate.logits(), gate.grads()));
    if (parts.containsAll(EnumSet.of(Part.ENCODERS, Part.DECODERS))) experts.forEach(e -> groups.addAll(e.trainable()));
    else if (parts.contains(Part.ENCODERS)) experts.forEach(e -> groups.add(e.encoderGroup()));
    else if (parts.contains(Part.DECODERS)) experts.forEach(e -> groups.add(e.decoderGroup()));
    return groups;
  }

  @Override
  public int group(int cls) {
    return gate.category(cls);
  }

  @Override
  public long trainFlops(int cls) {
    long flops = 0;
    for (int i : gate.selected(gate.category(cls))) {
      VaeShape shape = experts.get(i).shape();
      flops += (parts.contains(Part.ENCODERS) || parts.contains(Part.DECODERS) ? shape.trainFlops() : shape.frozenTrainFlops())
          + 3 * adapters.get(i).forwardFlops();
    }
    return flops;
  }

  @Override
  public int noiseWidth() {
    return shared;
  }

  @Override
  public int classes() {
    return gate.categories().classes();
  }

  /** Whether it can generate {@code cls}: a task-specific model serves only its category. */
  public boolean serves(int cls) {
    return gate.category(cls) >= 0;
  }

  @Override
  public INDArray generate(int[] classes, INDArray noise) {
    int[] chosen = gate.selected(gate.categoryOfBatch(classes));
    INDArray weights = gate.weights(classes);
    INDArray z = noise.castTo(weights.dataType());
    INDArray logits = null;
    for (int j = 0; j < chosen.length; j++) {
      Cvae expert = experts.get(chosen[j]);
      INDArray latent = adapters.get(chosen[j]).latentOut.apply(z);
      INDArray part = expert.decodeLogits(latent, expert.oneHot(classes)).muliColumnVector(column(weights, j));
      logits = logits == null ? part : logits.addi(part);
    }
    return Transforms.sigmoid(logits, false);
  }

  @Override
  public long generateFlops(int cls) {
    long flops = 0;
    for (int i : gate.selected(gate.category(cls))) {
      flops += experts.get(i).shape().generateFlops() + adapters.get(i).forwardFlops() / 3;
    }
    return flops;
  }

  @Override
  public long parameterCount() {
    long n = gate.logits().length();
    for (int i = 0; i < experts.size(); i++) n += experts.get(i).parameterCount() + adapters.get(i).params().length();
    return n;
  }
}
