package io.edgeweave.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    String source = file.toString();
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      String reason = Files.isDirectory(file) ? "is a directory" : Files.exists(file) ? "not readable" : "no such file";
      throw new ScenarioException(List.of(new Problem(source, "", "cannot read: " + reason)));
    }
    return load(source, () -> ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults()), overrides);
  }

  /** Loads a scenario given as text; problems name {@code originName} as its file. */
  public static Scenario parse(String hocon, String originName, List<String> overrides) throws ScenarioException {
    ConfigParseOptions options = ConfigParseOptions.defaults().setOriginDescription(originName);
    return load(originName, () -> ConfigFactory.parseString(hocon, options), overrides);
  }

  private static Scenario load(String source, Supplier<Config> parser, List<String> overrides)
      throws ScenarioException {
    List<Problem> problems = new ArrayList<>();
    Scenario scenario = null;
    try {
      Config config = withOverrides(parser.get(), overrides, problems).resolve();
      ConfigObject defaults = ConfigFactory.defaultReference().getObject(DEFAULTS);
      scenario = new ScenarioReader(config.root(), defaults, problems).read();
    } catch (ConfigException e) {
      problems.add(Problem.of(e, source));
    }
    if (!problems.isEmpty()) throw new ScenarioException(problems);
    return scenario;
  }

  /** Each {@code key=value} parsed as HOCON; its values replace the file's, leaf by leaf. */
  private static Config withOverrides(Config config, List<String> overrides, List<Problem> problems) {
    ConfigParseOptions options = ConfigParseOptions.defaults().setOriginDescription(Problem.OVERRIDES);
    for (String override : overrides) {
      int equals = override.indexOf('=');
      if (equals <= 0) {
        problems.add(new Problem(Problem.OVERRIDES, "", "expected key=value, got \"" + override + "\""));
        continue;
      }
      try {
        for (Map.Entry<String, ConfigValue> e : ConfigFactory.parseString(override, options).resolve().entrySet()) {
          config = config.withValue(e.getKey(), e.getValue());
        }
      } catch (ConfigException e) {
        Problem problem = Problem.of(e, Problem.OVERRIDES);
        problems.add(new Problem(problem.where(), override.substring(0, equals).trim(), problem.message()));
      }
    }
    return config;
  }
}
