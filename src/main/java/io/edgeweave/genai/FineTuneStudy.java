package io.edgeweave.genai;

import io.edgeweave.data.Dataset;
import io.edgeweave.data.TrainTest;
import io.edgeweave.scenario.DataSpec;
import io.edgeweave.scenario.GenAiSpec;
import io.edgeweave.scenario.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fine-tuning study of the assembled model (issue 17): per seed, the edges train their generators once, exactly
 * as a genai run of that seed does, and then every {@link Variant} trains the cloud's mixture from the same
 * assembled start on images the experts generate. After each epoch the model is judged (Fréchet distance and
 * fidelity, a bootstrap interval at the scenario's epochs and at the last), and its loss is measured on held-out
 * generated images (fresh draws of the same experts) and on real test images, which shows whether it fits the
 * generated set at the cost of the real one. A variant trains with the random streams of the run's strategy it
 * falls under (experts tuned: fine-tune, else freeze), so the defaults reproduce a run's figures and variants
 * differ only by their settings.
 */
public final class FineTuneStudy {
  private FineTuneStudy() {}

  /** What the cloud trains, at which learning rate, for how many epochs, on how many generated images. */
  public record Variant(String name, Set<ExpertMixture.Part> parts, double learningRate, int epochs, int samples) {
    public static final List<String> KEYS = List.of("name", "tune", "lr", "epochs", "samples");

    public Variant {
      if (!name.matches("[A-Za-z0-9_.+/=-]+")) throw new IllegalArgumentException("name: letters, digits and _.+/=- only, got \"" + name + "\"");
      if (parts.isEmpty()) throw new IllegalArgumentException("tune: at least one part");
      if (!(learningRate > 0) || Double.isInfinite(learningRate)) throw new IllegalArgumentException("lr must be positive, got " + learningRate);
      if (epochs < 1) throw new IllegalArgumentException("epochs must be positive, got " + epochs);
      if (samples < 1) throw new IllegalArgumentException("samples must be positive, got " + samples);
      parts = Set.copyOf(parts);
    }

    /**
     * A variant from {@code name=N,tune=P+P,lr=R,epochs=E,samples=S}; absent keys take the scenario's assembly
     * settings (tune: all). Parts: gate, projections, encoders, decoders, experts (both), all.
     */
    public static Variant parse(String text, GenAiSpec.Assembly defaults) {
      Map<String, String> given = new LinkedHashMap<>();
      for (String pair : text.split(",", -1)) {
        int eq = pair.indexOf('=');
        if (eq < 0) throw new IllegalArgumentException("\"" + pair + "\" is not key=value (keys: " + String.join(", ", KEYS) + ")");
        String key = pair.substring(0, eq).trim();
        if (!KEYS.contains(key)) throw new IllegalArgumentException("unknown key \"" + key + "\" (keys: " + String.join(", ", KEYS) + ")");
        if (given.put(key, pair.substring(eq + 1).trim()) != null) throw new IllegalArgumentException("key " + key + " given twice");
      }
      Set<ExpertMixture.Part> parts = parts(given.getOrDefault("tune", "all"));
      double lr = given.containsKey("lr") ? number("lr", given.get("lr")) : defaults.learningRate();
      int epochs = given.containsKey("epochs") ? whole("epochs", given.get("epochs")) : defaults.epochs();
      int samples = given.containsKey("samples") ? whole("samples", given.get("samples")) : defaults.samples();
      String name = given.getOrDefault("name", text.replace(',', '/'));
      return new Variant(name, parts, lr, epochs, samples);
    }

    static Set<ExpertMixture.Part> parts(String text) {
      EnumSet<ExpertMixture.Part> parts = EnumSet.noneOf(ExpertMixture.Part.class);
      for (String p : text.split("\\+", -1)) {
        switch (p.trim()) {
          case "all" -> parts.addAll(EnumSet.allOf(ExpertMixture.Part.class));
          case "experts" -> parts.addAll(EnumSet.of(ExpertMixture.Part.ENCODERS, ExpertMixture.Part.DECODERS));
          case "gate" -> parts.add(ExpertMixture.Part.GATE);
          case "projections" -> parts.add(ExpertMixture.Part.PROJECTIONS);
          case "encoders" -> parts.add(ExpertMixture.Part.ENCODERS);
          case "decoders" -> parts.add(ExpertMixture.Part.DECODERS);
          default -> throw new IllegalArgumentException(
              "tune: unknown part \"" + p + "\" (gate, projections, encoders, decoders, experts, all; join with +)");
        }
      }
      return parts;
    }

    private static double number(String key, String value) {
      try {
        return Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be a number, got \"" + value + "\"");
      }
    }

    private static int whole(String key, String value) {
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be a whole number, got \"" + value + "\"");
      }
    }

    /** The parts as the study writes them, e.g. {@code gate+projections}. */
    public String tuned() {
      return FineTuneStudy.tuned(parts);
    }
  }

  static String tuned(Set<ExpertMixture.Part> parts) {
    if (parts.size() == ExpertMixture.Part.values().length) return "all";
    return Arrays.stream(ExpertMixture.Part.values()).filter(parts::contains)
        .map(p -> p.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("+"));
  }

  /**
   * The study's default variants around the scenario's assembly settings (learning rate r, e epochs, s images), in
   * order of interest: freeze (e epochs) and fine-tune (2e, judged after each: the epochs ablation), fine-tune at
   * r/10, freeze plus the decoders or the encoders, fine-tune with s/4 images, the gate alone, fine-tune with 2s.
   */
  public static List<Variant> defaultVariants(GenAiSpec.Assembly a) {
    double r = a.learningRate();
    int e = a.epochs();
    int s = a.samples();
    Set<ExpertMixture.Part> all = EnumSet.allOf(ExpertMixture.Part.class);
    return List.of(
        new Variant("freeze", ExpertMixture.Strategy.FREEZE.parts(), r, e, s),
        new Variant("fine-tune", all, r, 2 * e, s),
        new Variant("fine-tune-lr/10", all, r / 10, e, s),
        new Variant("freeze+decoders", EnumSet.of(ExpertMixture.Part.GATE, ExpertMixture.Part.PROJECTIONS, ExpertMixture.Part.DECODERS), r, e, s),
        new Variant("freeze+encoders", EnumSet.of(ExpertMixture.Part.GATE, ExpertMixture.Part.PROJECTIONS, ExpertMixture.Part.ENCODERS), r, e, s),
        new Variant("fine-tune-data/4", all, r, e, Math.max(1, s / 4)),
        new Variant("gate-only", EnumSet.of(ExpertMixture.Part.GATE), r, e, s),
        new Variant("fine-tune-data-x2", all, r, e, 2 * s));
  }

  /**
   * @param resamples bootstrap resamples of a judgement with an interval
   * @param heldOut generated images held out to measure overfitting
   * @param testImages real test images (of served classes) to measure the fit to real data
   * @param spreadSizes images per class of the FD-spread judgements (the first seed's freeze and fine-tune models)
   * @param spreadDraws independent draws per size
   */
  public record Settings(List<Long> seeds, List<Variant> variants, int samplesPerClass, int resamples, int heldOut,
      int testImages, List<Integer> spreadSizes, int spreadDraws) {
    public Settings {
      seeds = List.copyOf(seeds);
      variants = List.copyOf(variants);
      spreadSizes = List.copyOf(spreadSizes);
      if (seeds.isEmpty() || variants.isEmpty()) throw new IllegalArgumentException("needs at least one seed and one variant");
      if (seeds.stream().distinct().count() != seeds.size()) throw new IllegalArgumentException("a seed appears twice");
      if (variants.stream().map(Variant::name).distinct().count() != variants.size()) {
        throw new IllegalArgumentException("two variants have the same name");
      }
      if (samplesPerClass < 2 || spreadSizes.stream().anyMatch(n -> n < 2)) throw new IllegalArgumentException("images per class must be at least 2");
      if (resamples < 2 || heldOut < 1 || testImages < 1 || spreadDraws < 0) {
        throw new IllegalArgumentException("resamples >= 2, held-out >= 1, test images >= 1, draws >= 0");
      }
    }
  }

  /**
   * One judgement: {@code variant} of {@code seed} after {@code epoch} epochs (0: the assembled model untrained).
   * The interval bounds are NaN where none was computed; losses are mean negative ELBOs per image.
   */
  public record Row(long seed, String variant, String tuned, double learningRate, int samples, int epoch, double frechet,
      double lower, double upper, double fidelity, double heldOutLoss, double testLoss) {}

  /** One draw of the FD-spread judgements: {@code model} judged on {@code perClass} images per class. */
  public record Spread(long seed, String model, int perClass, int draw, double frechet, double lower, double upper, double fidelity) {}

  /** A variant name for the untrained assembly's row. */
  public static final String ASSEMBLED = "assembled";

  /** The experts of one seed, trained as the run's edges train them, with the class counts they report. */
  record Edges(List<Cvae> experts, long[][] counts) {}

  static Edges trainEdges(GenAiSpec spec, DataSpec dataSpec, Dataset train, long seed) {
    int[][] shards = GenAiSetup.shards(spec, dataSpec, train, seed);
    List<Cvae> experts = new ArrayList<>();
    for (int i = 0; i < shards.length; i++) {
      String id = spec.edges().get(i);
      VaeShape shape = GenAiSetup.edgeShape(spec, train, i);
      Cvae trainee = Cvae.of(shape, Cvae.initialParameters(shape, Seeds.derive(seed, "genai/init/" + id)));
      ElboTrainer.train(trainee, train, shards[i],
          new ElboTrainer.Settings(spec.local().epochs(), spec.local().batchSize(), spec.local().learningRate()),
          Seeds.derive(seed, "genai/local/" + id));
      experts.add(trainee);
    }
    return new Edges(experts, GenAiSetup.classCounts(shards, train));
  }

  /** Runs every variant for one seed; rows and spreads are told as they are measured. */
  public static void runSeed(GenAiSpec spec, DataSpec dataSpec, TrainTest data, QualityJudge judge, long seed,
      Settings settings, boolean spread, Consumer<String> progress, Consumer<Row> rows, Consumer<Spread> spreads) {
    Dataset train = data.train();
    progress.accept("seed " + seed + ": training " + spec.edges().size() + " edge generators");
    Edges edges = trainEdges(spec, dataSpec, train, seed);
    TaskCategories categories = GenAiSetup.categories(spec, train.classes());
    int[] classes = IntStream.range(0, train.classes()).filter(c -> categories.categoryOf(c) >= 0).toArray();
    ExpertMixture start = ExpertMixture.assemble(edges.experts(),
        HierarchicalGate.fromCounts(categories, edges.counts(), spec.topK(), DataType.FLOAT), ExpertMixture.Strategy.FREEZE);
    Dataset heldOut = Distillation.generate(edges.experts(), edges.counts(), settings.heldOut(), Seeds.derive(seed, "genai/study/held-out"));
    int[] test = IntStream.range(0, data.test().size()).filter(i -> categories.categoryOf(data.test().y()[i]) >= 0)
        .limit(settings.testImages()).toArray();
    Map<Integer, Dataset> distilled = new HashMap<>();
    Judge judging = new Judge(judge, classes, settings, seed, heldOut, data.test(), test);
    rows.accept(judging.row(ASSEMBLED, start, 0, true, Double.NaN, 0, start.strategy()));
    for (Variant v : settings.variants()) {
      progress.accept("seed " + seed + ": " + v.name() + " (tune " + v.tuned() + ", lr " + v.learningRate() + ", "
          + v.samples() + " images, " + v.epochs() + " epochs)");
      Dataset set = distilled.computeIfAbsent(v.samples(),
          n -> Distillation.generate(edges.experts(), edges.counts(), n, Seeds.derive(seed, "genai/distil")));
      ExpertMixture trainee = start.tuning(v.parts());
      ElboTrainer.train(trainee, set, IntStream.range(0, set.size()).toArray(),
          new ElboTrainer.Settings(v.epochs(), spec.assembly().batchSize(), v.learningRate()),
          Seeds.derive(seed, "genai/assemble/" + trainee.strategy()), epoch -> {
            boolean interval = epoch == v.epochs() || epoch == spec.assembly().epochs();
            rows.accept(judging.row(v.name(), trainee, epoch, interval, v.learningRate(), v.samples(), trainee.strategy()));
            if (spread && epoch == spec.assembly().epochs() && (v.name().equals("freeze") || v.name().equals("fine-tune"))) {
              progress.accept("seed " + seed + ": FD spread of " + v.name() + " after " + epoch + " epochs");
              spreads(judge, trainee, v.name(), classes, settings, seed).forEach(spreads);
            }
          });
    }
  }

  /** Judges a model and measures its losses, with the judgement streams of the run's strategy. */
  private record Judge(QualityJudge judge, int[] classes, Settings settings, long seed, Dataset heldOut, Dataset test,
      int[] testIndices) {
    Row row(String variant, ExpertMixture model, int epoch, boolean interval, double lr, int samples,
        ExpertMixture.Strategy strategy) {
      long judgeSeed = Seeds.derive(seed, "genai/judge/" + strategy.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      double frechet;
      double lower = Double.NaN;
      double upper = Double.NaN;
      QualityJudge.Quality quality;
      if (interval) {
        QualityJudge.Judgement j = judge.judgeWithInterval(model, classes, settings.samplesPerClass(), judgeSeed, settings.resamples());
        quality = j.quality();
        lower = j.frechet().lower();
        upper = j.frechet().upper();
      } else {
        quality = judge.judge(model, classes, settings.samplesPerClass(), judgeSeed);
      }
      frechet = quality.meanFrechet();
      long lossSeed = Seeds.derive(seed, "genai/study/loss");
      return new Row(seed, variant, variant.equals(ASSEMBLED) ? "-" : FineTuneStudy.tuned(model.parts()), lr, samples, epoch,
          frechet, lower, upper, quality.meanFidelity(), meanLoss(model, heldOut, IntStream.range(0, heldOut.size()).toArray(), lossSeed),
          meanLoss(model, test, testIndices, lossSeed));
    }
  }

  /** The FD of {@code model} over independent draws of each size, each with its bootstrap interval. */
  static List<Spread> spreads(QualityJudge judge, Generator model, String label, int[] classes, Settings s, long seed) {
    List<Spread> out = new ArrayList<>();
    for (int n : s.spreadSizes()) {
      for (int d = 1; d <= s.spreadDraws(); d++) {
        QualityJudge.Judgement j = judge.judgeWithInterval(model, classes, n, Seeds.derive(seed, "genai/study/draw/" + d), s.resamples());
        out.add(new Spread(seed, label, n, d, j.quality().meanFrechet(), j.frechet().lower(), j.frechet().upper(),
            j.quality().meanFidelity()));
      }
    }
    return out;
  }

  /** Mean loss (negative ELBO per image) of {@code model} on {@code indices}, batches never mixing groups. */
  static double meanLoss(ElboModel model, Dataset data, int[] indices, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<Integer, List<Integer>> byGroup = new java.util.TreeMap<>();
    for (int i : indices) {
      int g = model.group(data.y()[i]);
      if (g >= 0) byGroup.computeIfAbsent(g, k -> new ArrayList<>()).add(i);
    }
    double sum = 0;
    long n = 0;
    for (List<Integer> members : byGroup.values()) {
      int[] all = members.stream().mapToInt(Integer::intValue).toArray();
      for (int from = 0; from < all.length; from += 256) {
        int[] batch = Arrays.copyOfRange(all, from, Math.min(all.length, from + 256));
        int[] labels = data.labels(batch);
        sum += batch.length * Scratch.run(() -> {
          INDArray x = data.features(batch);
          return model.lossAndGradients(x, labels, Noise.matrix(batch.length, model.noiseWidth(), random));
        });
        n += batch.length;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }
}
