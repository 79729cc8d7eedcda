package io.edgeweave.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Loads a scenario from a HOCON file, applies {@code --set key=value} overrides, fills in the defaults of
 * {@code edgeweave.scenario} in {@code reference.conf} and validates the result. Every problem found is
 * reported at once, each naming file, line and key; nothing but {@link ScenarioException} escapes.
 */
public final class ScenarioLoader {

  private static final String DEFAULTS = "edgeweave.scenario";

  private ScenarioLoader() {}

  /** Loads {@code file}; problems name it as given. */
  public static Scenario load(Path file, List<String> overrides) throws ScenarioException {
    return load(file.toString(), parser(file), overrides);
  }

  /**
   * The scenario of {@code file} with its overrides, includes and substitutions resolved and without its
   * {@code sweep} block, as HOCON text that {@link #parse} reads back to the same scenario wherever it is stored:
   * what a run folder keeps to resume the run.
   */
  public static String resolvedText(Path file, List<String> overrides) throws ScenarioException {
    List<Problem> problems = new ArrayList<>();
    Config config;
    try {
      config = withOverrides(parser(file).get(), overrides, problems).resolve().withoutPath("sweep");
    } catch (ConfigException e) {
      throw new ScenarioException(List.of(Problem.of(e, file.toString())));
    }
    if (!problems.isEmpty()) throw new ScenarioException(problems);
    return config.root().render(ConfigRenderOptions.defaults().setOriginComments(false).setComments(false).setJson(false));
  }

  /** Whether a readable scenario file has a {@code sweep} block (includes followed). */
  public static boolean hasSweep(Path file) throws ScenarioException {
    try {
      return parser(file).get().hasPath("sweep");
    } catch (ConfigException e) {
      throw new ScenarioException(List.of(Problem.of(e, file.toString())));
    }
  }

  /**
   * One run of a sweep: its labels (axis name → point label, or {@code baseline} → label) and scenario, with one
   * of the sweep's seeds.
   *
   * @param point the number of its point (grid point or baseline) in the sweep, from 1
   * @param pointSeed the seed the point's scenario gives, which the sweep's seeds replace
   */
  public record SweepRun(Map<String, String> labels, boolean baseline, Scenario scenario, int point, long pointSeed) {
    public SweepRun {
      labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    public long seed() {
      return scenario.seed();
    }
  }

  /** A sweep's block and its runs: every point with the first seed, then every point with the next, and so on. */
  public record LoadedSweep(SweepSpec spec, List<SweepRun> runs) {}

  /** {@link #loadSweep(Path, List, SweepSpec.Seeds)} with the file's own seeds. */
  public static LoadedSweep loadSweep(Path file, List<String> overrides) throws ScenarioException {
    return loadSweep(file, overrides, null);
  }

  /**
   * Loads a sweep file: its {@code sweep} block and the scenario of every run, all checked before any
   * runs; a problem of the base scenario is reported once.
   *
   * @param seeds the seeds to repeat each run over instead of the file's {@code sweep.seeds}, or null
   */
  public static LoadedSweep loadSweep(Path file, List<String> overrides, SweepSpec.Seeds seeds)
      throws ScenarioException {
    String source = file.toString();
    Supplier<Config> parser = parser(file);
    List<Problem> problems = new ArrayList<>();
    SweepSpec spec = null;
    try {
      spec = SweepReader.read(withOverrides(parser.get(), overrides, problems).resolve().root(), problems);
    } catch (ConfigException e) {
      problems.add(Problem.of(e, source));
    }
    if (!problems.isEmpty()) throw new ScenarioException(problems);
    if (seeds != null) spec = spec.withSeeds(seeds);
    List<SweepRun> points = new ArrayList<>();
    Set<String> reported = new HashSet<>();
    String sweepOrigin = source + Problem.SWEEP;
    for (Map.Entry<Map<String, String>, List<String>> point : points(spec).entrySet()) {
      Supplier<Config> withUserOverrides = () -> withOverrides(parser.get(), overrides, new ArrayList<>());
      try {
        Scenario scenario = load(source, withUserOverrides, point.getValue(), sweepOrigin);
        points.add(new SweepRun(point.getKey(), point.getKey().containsKey(BASELINE), scenario, points.size() + 1, scenario.seed()));
      } catch (ScenarioException e) {
        for (Problem p : e.problems()) {
          if (reported.add(p.toString())) {
            problems.add(new Problem(p.where(), p.key(), p.message() + " (in sweep run " + point.getKey() + ")"));
          }
        }
      }
    }
    if (!problems.isEmpty()) throw new ScenarioException(problems);
    List<SweepRun> runs = new ArrayList<>();
    for (int k = 0; k < spec.seeds().size(); k++) {
      for (SweepRun p : points) {
        long seed = spec.seeds().of(p.seed()).get(k);
        runs.add(new SweepRun(p.labels(), p.baseline(), p.scenario().withSeed(seed), p.point(), p.seed()));
      }
    }
    return new LoadedSweep(spec, runs);
  }

  /** The label under which a baseline run is known. */
  public static final String BASELINE = "baseline";

  /** Every grid point (the product of the axes, first axis outermost) and every baseline, with its overrides. */
  private static Map<Map<String, String>, List<String>> points(SweepSpec spec) {
    Map<Map<String, String>, List<String>> points = new LinkedHashMap<>();
    points.put(new LinkedHashMap<>(), new ArrayList<>());
    for (SweepSpec.Axis axis : spec.axes()) {
      Map<Map<String, String>, List<String>> next = new LinkedHashMap<>();
      points.forEach((labels, settings) -> {
        for (SweepSpec.Setting point : axis.points()) {
          Map<String, String> l = new LinkedHashMap<>(labels);
          l.put(axis.name(), point.label());
          List<String> s = new ArrayList<>(settings);
          s.addAll(point.overrides());
          next.put(l, s);
        }
      });
      points = next;
    }
    String panel = spec.chart() == null ? "" : spec.chart().panel();
    List<SweepSpec.Setting> panels = spec.axes().stream()
        .filter(a -> a.name().equals(panel)).findFirst().map(SweepSpec.Axis::points)
        .orElse(List.of(new SweepSpec.Setting("", List.of())));
    for (SweepSpec.Setting baseline : spec.baselines()) {
      for (SweepSpec.Setting p : panels) {
        Map<String, String> l = new LinkedHashMap<>();
        if (!panel.isEmpty()) l.put(panel, p.label());
        l.put(BASELINE, baseline.label());
        List<String> s = new ArrayList<>(p.overrides());
        s.addAll(baseline.overrides());
        points.put(l, s);
      }
    }
    return points;
  }

  private static Supplier<Config> parser(Path file) throws ScenarioException {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      String reason = Files.isDirectory(file) ? "is a directory" : Files.exists(file) ? "not readable" : "no such file";
      throw new ScenarioException(List.of(new Problem(file.toString(), "", "cannot read: " + reason)));
    }
    return () -> ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults());
  }

  /** Loads a scenario given as text; problems name {@code originName} as its file. */
  public static Scenario parse(String hocon, String originName, List<String> overrides) throws ScenarioException {
    ConfigParseOptions options = ConfigParseOptions.defaults().setOriginDescription(originName);
    return load(originName, () -> ConfigFactory.parseString(hocon, options), overrides);
  }

  private static Scenario load(String source, Supplier<Config> parser, List<String> overrides)
      throws ScenarioException {
    return load(source, parser, overrides, Problem.OVERRIDES);
  }

  /** @param overridesOrigin where problems of the overrides are said to come from */
  private static Scenario load(String source, Supplier<Config> parser, List<String> overrides, String overridesOrigin)
      throws ScenarioException {
    List<Problem> problems = new ArrayList<>();
    Scenario scenario = null;
    try {
      Config config = withOverrides(parser.get(), overrides, problems, overridesOrigin).resolve();
      ConfigObject defaults = ConfigFactory.defaultReference().getObject(DEFAULTS);
      scenario = new ScenarioReader(config.root(), defaults, problems).read();
    } catch (ConfigException e) {
      problems.add(Problem.of(e, source));
    }
    if (!problems.isEmpty()) throw new ScenarioException(problems);
    return scenario;
  }

  private static Config withOverrides(Config config, List<String> overrides, List<Problem> problems) {
    return withOverrides(config, overrides, problems, Problem.OVERRIDES);
  }

  /** Each {@code key=value} parsed as HOCON; its values replace the file's, leaf by leaf. */
  private static Config withOverrides(Config config, List<String> overrides, List<Problem> problems, String origin) {
    ConfigParseOptions options = ConfigParseOptions.defaults().setOriginDescription(origin);
    for (String override : overrides) {
      int equals = override.indexOf('=');
      if (equals <= 0) {
        problems.add(new Problem(origin, "", "expected key=value, got \"" + override + "\""));
        continue;
      }
      try {
        for (Map.Entry<String, ConfigValue> e : ConfigFactory.parseString(override, options).resolve().entrySet()) {
          config = config.withValue(e.getKey(), e.getValue());
        }
      } catch (ConfigException e) {
        Problem problem = Problem.of(e, origin);
        problems.add(new Problem(problem.where(), override.substring(0, equals).trim(), problem.message()));
      }
    }
    return config;
  }
}
