package io.edgeweave.scenario;

import io.edgeweave.scenario.Section.Bound;
import io.edgeweave.tensor.Encoding;
import io.edgeweave.tensor.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads and checks {@code workload.type = jmsnas}. */
final class JmsnasReader {
  private JmsnasReader() {}

  static JmsnasSpec read(Section s, ReadContext c) {
    int start = c.problemCount();
    s.checkKeys("type", "source", "samples-per-request", "encoding", "search", "train", "serve", "detection");
    String source = s.string("source");
    if (source != null) checkSource(s, c, source);
    Integer samples = s.integer("samples-per-request", Bound.POSITIVE);
    Duration detection = s.duration("detection", Bound.POSITIVE);
    WireFormat wire = null;
    Section encoding = s.child("encoding");
    if (encoding != null) {
      encoding.checkKeys("input", "activations");
      Encoding input = encoding.choice("input", Encoding.class);
      Encoding activations = encoding.choice("activations", Encoding.class);
      if (input != null && activations != null) wire = new WireFormat(input, activations);
    }

    Section search = s.child("search");
    List<List<Integer>> blocks = null;
    List<JmsnasSpec.ConvChoices> convolutions = null;
    Double target = null;
    Duration lambda = null;
    Integer epochs = null;
    Integer validation = null;
    Integer confirmation = null;
    Integer maxCandidates = null;
    Path cache = null;
    if (search != null) {
      search.checkKeys("convolutions", "blocks", "target-accuracy", "lambda", "epochs", "validation", "confirmation", "max-candidates", "cache");
      convolutions = convolutions(search, c.model());
      blocks = blocks(search);
      target = search.real("target-accuracy", Bound.PROBABILITY);
      lambda = search.duration("lambda", Bound.NON_NEGATIVE);
      epochs = search.integer("epochs", Bound.POSITIVE);
      validation = search.integer("validation", Bound.POSITIVE);
      confirmation = search.integer("confirmation", Bound.POSITIVE);
      maxCandidates = search.integer("max-candidates", Bound.POSITIVE);
      cache = expandHome(search.file("cache"));
    }
    Section train = s.child("train");
    Integer trainMaxEpochs = null;
    if (train != null) {
      train.checkKeys("max-epochs");
      trainMaxEpochs = train.integer("max-epochs", Bound.POSITIVE);
    }
    Section serve = s.child("serve");
    Integer requests = null;
    Duration interval = null;
    if (serve != null) {
      serve.checkKeys("requests", "interval");
      requests = serve.integer("requests", Bound.POSITIVE);
      interval = serve.duration("interval", Bound.NON_NEGATIVE);
    }
    if (c.problemCount() != start) return null;
    JmsnasSpec spec = new JmsnasSpec(source, samples, wire, convolutions, blocks, target, lambda, epochs, validation, confirmation, maxCandidates, cache,
        trainMaxEpochs, requests, interval, detection);
    if (spec.spaceSize() > spec.maxCandidates()) {
      search.problem(spec.convolutions().isEmpty() ? "blocks" : "convolutions", "the search space has " + spec.spaceSize()
          + " architectures, more than max-candidates (" + spec.maxCandidates() + "): give fewer "
          + (spec.convolutions().isEmpty() ? "widths" : "choices") + " or raise max-candidates");
      return null;
    }
    return spec;
  }

  private static void checkSource(Section s, ReadContext c, String source) {
    if (!c.nodeIds().contains(source)) {
      s.problem("source", "unknown node \"" + source + "\"");
    } else if (c.nodes().containsKey(source) && c.nodes().get(source).role() != NodeRole.EDGE) {
      s.problem("source", "the source holds the data and issues the requests, so it must be an edge node, not " + source);
    }
  }

  /**
   * {@code convolutions = [{ filters, kernels, pools }, ...]}: each a non-empty list (0 filters skip the block), odd
   * kernels (same padding), pools that fit the image even when every block pools its most. Candidates with
   * convolutions train on the fast path, which has ReLU and Adam only.
   */
  private static List<JmsnasSpec.ConvChoices> convolutions(Section search, ModelSpec model) {
    List<Section> elements = search.elements("convolutions", search.defaultsOf("convolution"));
    if (elements == null) return null;
    List<JmsnasSpec.ConvChoices> choices = new ArrayList<>();
    for (Section block : elements) {
      block.checkKeys("filters", "kernels", "pools");
      List<Integer> filters = nonEmpty(block, "filters", Bound.NON_NEGATIVE);
      List<Integer> kernels = nonEmpty(block, "kernels", Bound.POSITIVE);
      List<Integer> pools = nonEmpty(block, "pools", Bound.POSITIVE);
      if (kernels != null && kernels.stream().anyMatch(k -> k % 2 == 0)) {
        block.problem("kernels", "same padding needs odd kernels, got " + kernels);
        kernels = null;
      }
      choices.add(filters == null || kernels == null || pools == null ? null : new JmsnasSpec.ConvChoices(filters, kernels, pools));
    }
    if (choices.contains(null) || choices.isEmpty() || model == null) return choices.contains(null) ? null : choices;
    if (!model.activation().equals("relu") || !model.updater().equals("adam")) {
      search.problem("convolutions", "convolution candidates train on the fast path, which needs model.activation = relu and "
          + "model.updater = adam, not " + model.activation() + " and " + model.updater());
      return null;
    }
    var image = JmsnasSpec.imageOf(model);
    if (image.isEmpty()) {
      search.problem("convolutions", "the model's " + model.inputs() + " inputs are no square image: give the reference model an image");
      return null;
    }
    int shrink = choices.stream().mapToInt(c -> c.pools().stream().max(Integer::compare).orElseThrow()).reduce(1, (a, b) -> a * b);
    if (shrink > Math.min(image.get().height(), image.get().width())) {
      search.problem("convolutions", "pooling by " + shrink + " in all does not fit the " + image.get().height() + "×"
          + image.get().width() + " image");
      return null;
    }
    return choices;
  }

  private static List<Integer> nonEmpty(Section block, String key, Bound bound) {
    List<Integer> values = block.integers(key, bound);
    if (values != null && values.isEmpty()) {
      block.problem(key, "needs at least one value");
      return null;
    }
    return values;
  }

  /** {@code blocks = [{ widths = [...] }, ...]}: at least one block, each with at least one width. */
  private static List<List<Integer>> blocks(Section search) {
    List<Section> elements = search.elements("blocks", search.defaultsOf("block"));
    if (elements == null) return null;
    if (elements.isEmpty()) search.problem("blocks", "needs at least one block");
    List<List<Integer>> blocks = new ArrayList<>();
    for (Section block : elements) {
      block.checkKeys("widths");
      List<Integer> widths = block.integers("widths", Bound.NON_NEGATIVE);
      if (widths != null && widths.isEmpty()) block.problem("widths", "needs at least one width (0 skips the block)");
      blocks.add(widths);
    }
    return blocks.contains(null) ? null : blocks;
  }

  /** A leading {@code ~/} stands for the user's home folder. */
  private static Path expandHome(Path path) {
    if (path == null || !path.startsWith("~")) return path;
    Path home = Path.of(System.getProperty("user.home"));
    return path.getNameCount() == 1 ? home : home.resolve(path.subpath(1, path.getNameCount()));
  }
}
