package io.edgeweave.scenario;

import io.edgeweave.scenario.GenAiSpec.Strategy;
import io.edgeweave.scenario.Section.Bound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and checks {@code workload.type = genai}. */
final class GenAiReader {
  /** Generated images are 28×28, as the referee CNN and the IDX datasets have them. */
  static final int IMAGE_PIXELS = 784;

  private GenAiReader() {}

  static GenAiSpec read(Section s, ReadContext c) {
    int start = c.problemCount();
    s.checkKeys("type", "cloud", "edges", "experts", "baseline", "local", "categories", "top-k", "assembly", "fedavg",
        "personalisation", "serving", "quality", "strategies");
    String cloud = s.string("cloud");
    List<String> edges = s.strings("edges");
    checkNodes(s, c, cloud, edges);
    List<GenAiSpec.Vae> experts = experts(s);
    GenAiSpec.Vae baseline = vae(s.child("baseline"));
    GenAiSpec.Training local = training(s.child("local"));
    Map<String, List<Integer>> categories = categories(s, c);
    Integer topK = s.integer("top-k", Bound.POSITIVE);
    if (topK != null && edges != null && topK > edges.size()) {
      s.problem("top-k", "cannot select " + topK + " experts from " + edges.size() + " edges");
    }
    GenAiSpec.Assembly assembly = assembly(s.child("assembly"));
    Section fedavg = s.child("fedavg");
    Integer rounds = null;
    Integer localEpochs = null;
    if (fedavg != null) {
      fedavg.checkKeys("rounds", "local-epochs");
      rounds = fedavg.integer("rounds", Bound.POSITIVE);
      localEpochs = fedavg.integer("local-epochs", Bound.POSITIVE);
    }
    GenAiSpec.Personalisation personalisation = personalisation(s.child("personalisation"));
    GenAiSpec.Serving serving = serving(s.child("serving"));
    GenAiSpec.Quality quality = quality(s.child("quality"));
    List<Strategy> strategies = strategies(s);
    if (c.model() != null && c.model().inputs() != IMAGE_PIXELS) {
      s.problem("type", "genai generates 28×28 images: model.inputs must be " + IMAGE_PIXELS + ", got " + c.model().inputs());
    }
    if (c.problemCount() != start) return null;
    return new GenAiSpec(cloud, edges, experts, baseline, local, categories, topK, assembly, rounds, localEpochs,
        personalisation, serving, quality, strategies);
  }

  private static void checkNodes(Section s, ReadContext c, String cloud, List<String> edges) {
    boolean cloudValid = false;
    if (cloud != null) {
      NodeSpec node = c.nodes().get(cloud);
      if (!c.nodeIds().contains(cloud)) s.problem("cloud", "unknown node \"" + cloud + "\"");
      else if (node != null && node.role() != NodeRole.CLOUD) s.problem("cloud", cloud + " is not a cloud node");
      else cloudValid = node != null;
    }
    if (edges == null) return;
    if (edges.isEmpty()) s.problem("edges", "needs at least one edge device");
    List<String> seen = new ArrayList<>();
    for (String edge : edges) {
      if (seen.contains(edge)) {
        s.problem("edges", "node " + edge + " appears more than once");
        continue;
      }
      seen.add(edge);
      NodeSpec node = c.nodes().get(edge);
      if (node != null && node.role() != NodeRole.EDGE) s.problem("edges", edge + " is not an edge node");
      if (cloudValid && !edge.equals(cloud)) c.checkPath(s, "edges", List.of(edge, cloud));
      else if (!c.nodeIds().contains(edge)) s.problem("edges", "unknown node \"" + edge + "\"");
    }
  }

  private static List<GenAiSpec.Vae> experts(Section s) {
    List<Section> elements = s.elements("experts", s.defaultsOf("baseline"));
    if (elements == null) return null;
    if (elements.isEmpty()) s.problem("experts", "needs at least one VAE size");
    List<GenAiSpec.Vae> experts = new ArrayList<>();
    for (Section e : elements) experts.add(vae(e));
    return experts.contains(null) ? null : experts;
  }

  private static GenAiSpec.Vae vae(Section s) {
    if (s == null) return null;
    s.checkKeys("hidden", "latent");
    List<Integer> hidden = s.integers("hidden", Bound.POSITIVE);
    Integer latent = s.integer("latent", Bound.POSITIVE);
    if (hidden != null && hidden.isEmpty()) s.problem("hidden", "needs at least one hidden layer");
    return hidden == null || latent == null || hidden.isEmpty() ? null : new GenAiSpec.Vae(hidden, latent);
  }

  private static GenAiSpec.Training training(Section s) {
    if (s == null) return null;
    s.checkKeys("epochs", "batch-size", "learning-rate");
    Integer epochs = s.integer("epochs", Bound.POSITIVE);
    Integer batch = s.integer("batch-size", Bound.POSITIVE);
    Double rate = s.real("learning-rate", Bound.POSITIVE);
    return epochs == null || batch == null || rate == null ? null : new GenAiSpec.Training(epochs, batch, rate);
  }

  private static Map<String, List<Integer>> categories(Section s, ReadContext c) {
    Section section = s.child("categories");
    if (section == null) return null;
    Map<String, List<Integer>> categories = new LinkedHashMap<>();
    Map<Integer, String> owner = new HashMap<>();
    int classes = c.model() == null ? Integer.MAX_VALUE : c.model().classes();
    int start = c.problemCount();
    for (String name : section.ownKeys().isEmpty() ? section.defaultKeys() : section.ownKeys()) {
      List<Integer> members = section.integers(name, Bound.NON_NEGATIVE);
      if (members == null) continue;
      if (members.isEmpty()) section.problem(name, "a category needs at least one class");
      for (int cls : members) {
        if (cls >= classes) section.problem(name, "class " + cls + " is outside the data's " + classes + " classes");
        String other = owner.putIfAbsent(cls, name);
        if (other != null) section.problem(name, "class " + cls + " is already in category " + other);
      }
      categories.put(name, members);
    }
    return c.problemCount() == start ? categories : null;
  }

  private static GenAiSpec.Assembly assembly(Section s) {
    if (s == null) return null;
    s.checkKeys("samples", "epochs", "batch-size", "learning-rate");
    Integer samples = s.integer("samples", Bound.POSITIVE);
    Integer epochs = s.integer("epochs", Bound.POSITIVE);
    Integer batch = s.integer("batch-size", Bound.POSITIVE);
    Double rate = s.real("learning-rate", Bound.POSITIVE);
    return samples == null || epochs == null || batch == null || rate == null
        ? null : new GenAiSpec.Assembly(samples, epochs, batch, rate);
  }

  private static GenAiSpec.Personalisation personalisation(Section s) {
    if (s == null) return null;
    s.checkKeys("epochs", "learning-rate", "min-share");
    Integer epochs = s.integer("epochs", Bound.NON_NEGATIVE);
    Double rate = s.real("learning-rate", Bound.POSITIVE);
    Double minShare = s.real("min-share", Bound.PROBABILITY);
    return epochs == null || rate == null || minShare == null ? null : new GenAiSpec.Personalisation(epochs, rate, minShare);
  }

  private static GenAiSpec.Serving serving(Section s) {
    if (s == null) return null;
    s.checkKeys("requests", "mean-interval", "images", "deadline", "quality-floor", "local-share");
    Integer requests = s.integer("requests", Bound.NON_NEGATIVE);
    Duration interval = s.duration("mean-interval", Bound.POSITIVE);
    Integer images = s.integer("images", Bound.POSITIVE);
    Duration deadline = s.duration("deadline", Bound.POSITIVE);
    Double floor = s.real("quality-floor", Bound.PROBABILITY);
    Double localShare = s.real("local-share", Bound.PROBABILITY);
    if (Arrays.asList(requests, interval, images, deadline, floor, localShare).contains(null)) return null;
    return new GenAiSpec.Serving(requests, interval, images, deadline, floor, localShare);
  }

  private static GenAiSpec.Quality quality(Section s) {
    if (s == null) return null;
    s.checkKeys("samples-per-class", "frechet-resamples", "referee");
    Integer samples = s.integer("samples-per-class", Bound.POSITIVE);
    if (samples != null && samples < 2) s.problem("samples-per-class", "a covariance needs at least 2 samples, got " + samples);
    Integer resamples = s.integer("frechet-resamples", Bound.NON_NEGATIVE);
    if (resamples != null && resamples == 1) s.problem("frechet-resamples", "a bootstrap needs at least 2 resamples (0: none), got 1");
    Section referee = s.child("referee");
    if (referee == null) return null;
    referee.checkKeys("channels", "features", "epochs");
    List<Integer> channels = referee.integers("channels", Bound.POSITIVE);
    if (channels != null && channels.size() != 2) referee.problem("channels", "the referee has two convolutions: give 2 widths");
    Integer features = referee.integer("features", Bound.POSITIVE);
    Integer epochs = referee.integer("epochs", Bound.POSITIVE);
    if (samples == null || samples < 2 || resamples == null || resamples == 1 || channels == null || channels.size() != 2
        || features == null || epochs == null) {
      return null;
    }
    return new GenAiSpec.Quality(samples, channels, features, epochs, resamples);
  }

  private static List<Strategy> strategies(Section s) {
    List<String> names = s.strings("strategies");
    if (names == null) return null;
    List<String> known = Arrays.stream(Strategy.values()).map(Section::configName).toList();
    List<Strategy> strategies = new ArrayList<>();
    for (String name : names) {
      int at = known.indexOf(name);
      if (at < 0) s.problem("strategies", "unknown strategy \"" + name + "\" (known: " + String.join(", ", known) + ")");
      else if (strategies.contains(Strategy.values()[at])) s.problem("strategies", "strategy " + name + " appears twice");
      else strategies.add(Strategy.values()[at]);
    }
    if (names.isEmpty()) s.problem("strategies", "needs at least one strategy");
    if (strategies.contains(Strategy.DEPLOYED) && !strategies.contains(Strategy.FINE_TUNE) && !strategies.contains(Strategy.FREEZE)) {
      s.problem("strategies", "deployed cuts task models out of the assembled model: add fine-tune or freeze");
    }
    return strategies.size() == names.size() && !names.isEmpty() ? strategies : null;
  }
}
