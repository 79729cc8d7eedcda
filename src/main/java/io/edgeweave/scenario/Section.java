package io.edgeweave.scenario;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.function.Function;

/**
 * One HOCON object of a scenario file, backed by its defaults, that reads typed values and records a
 * {@link Problem} for each missing or invalid one. Readers return {@code null} after recording why. A problem
 * points at the user's value when there is one, else at the enclosing object (never into the defaults).
 */
final class Section {

  /** Which numbers a key admits. */
  enum Bound {
    ANY("", v -> true),
    POSITIVE("must be positive", v -> v > 0),
    NON_NEGATIVE("must not be negative", v -> v >= 0),
    PROBABILITY("must be a probability in [0, 1]", v -> v >= 0 && v <= 1),
    CORRELATION("must be a correlation in [0, 1)", v -> v >= 0 && v < 1),
    AT_LEAST_ONE("must be at least 1", v -> v >= 1);

    private final String rule;
    private final DoublePredicate admits;

    Bound(String rule, DoublePredicate admits) {
      this.rule = rule;
      this.admits = admits;
    }

    void check(double value, ConfigValue v) {
      if (!Double.isFinite(value)) throw new IllegalArgumentException("expected a finite number, got " + text(v));
      if (!admits.test(value)) throw new IllegalArgumentException(rule + ", got " + text(v));
    }
  }

  static final ConfigObject EMPTY = ConfigFactory.empty().root();

  private final String path;
  private final ConfigObject own;
  private final ConfigObject defaults;
  private final ConfigOrigin origin;
  private final List<Problem> problems;

  private Section(String path, ConfigObject own, ConfigObject defaults, ConfigOrigin origin, List<Problem> problems) {
    this.path = path;
    this.own = own;
    this.defaults = defaults;
    this.origin = origin;
    this.problems = problems;
  }

  /** The whole scenario, with {@code defaults} as fallback for its top-level keys. */
  static Section root(ConfigObject own, ConfigObject defaults, List<Problem> problems) {
    return new Section("", own, defaults, own.origin(), problems);
  }

  String path() {
    return path;
  }

  /** The dotted key of {@code k} in this section. */
  String key(String k) {
    return path.isEmpty() ? k : path + "." + k;
  }

  /** Whether {@code k} has a value here or in the defaults. */
  boolean has(String k) {
    return present(own.get(k)) || present(defaults.get(k));
  }

  /** Whether the user gave {@code k} (not just the defaults). */
  boolean hasOwn(String k) {
    return present(own.get(k));
  }

  /** Whether {@code k} holds an object: the user's value, or else the default. */
  boolean isObject(String k) {
    return (present(own.get(k)) ? own.get(k) : defaults.get(k)) instanceof ConfigObject;
  }

  /** The user's keys, in file order. */
  List<String> ownKeys() {
    return own.keySet().stream()
        .sorted(Comparator.comparing((String k) -> own.get(k).origin().lineNumber()).thenComparing(k -> k))
        .toList();
  }

  /** The keys of the defaults, sorted: the entries a section has when the user gives none. */
  List<String> defaultKeys() {
    return defaults.keySet().stream().sorted().toList();
  }

  /** Records a problem about key {@code k}: at its value if the user gave one, else at this section. */
  void problem(String k, String message) {
    ConfigValue v = own.get(k);
    problems.add(Problem.at(v != null ? v.origin() : origin, key(k), message));
  }

  /** Records a problem about this section as a whole. */
  void problem(String message) {
    problems.add(Problem.at(origin, path, message));
  }

  /** Records an unknown-key problem for every user key not in {@code known}, suggesting the closest one. */
  void checkKeys(String... known) {
    List<String> knownKeys = Arrays.asList(known);
    for (String k : ownKeys()) {
      if (knownKeys.contains(k)) continue;
      String closest = closest(k, knownKeys);
      problem(k, closest != null
          ? "unknown key (did you mean " + closest + "?)"
          : "unknown key (known keys: " + String.join(", ", knownKeys) + ")");
    }
  }

  String string(String k) {
    return read(k, Section::string);
  }

  /** A file system path, relative paths kept as given. */
  Path file(String k) {
    return read(k, v -> Path.of(string(v)));
  }

  /** A string that must be one of {@code accepted}. */
  String choice(String k, List<String> accepted) {
    return read(k, v -> {
      String s = string(v);
      if (!accepted.contains(s)) {
        throw new IllegalArgumentException(
            "unknown value \"" + s + "\" (accepted: " + String.join(", ", accepted) + ")");
      }
      return s;
    });
  }

  /** An enum constant written in lower case, {@code _} as {@code -}. */
  <E extends Enum<E>> E choice(String k, Class<E> type) {
    E[] constants = type.getEnumConstants();
    List<String> names = Arrays.stream(constants).map(Section::configName).toList();
    String s = choice(k, names);
    return s == null ? null : constants[names.indexOf(s)];
  }

  static String configName(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  Long whole(String k) {
    return read(k, Section::whole);
  }

  Integer integer(String k, Bound bound) {
    return read(k, v -> integer(v, bound));
  }

  Double real(String k, Bound bound) {
    return read(k, v -> {
      double d = number(v, "a number").doubleValue();
      bound.check(d, v);
      return d;
    });
  }

  Duration duration(String k, Bound bound) {
    return read(k, v -> {
      Duration d;
      try {
        d = v.atKey("v").getDuration("v");
      } catch (ConfigException e) {
        throw expected("a duration like 200 ms or 2 s", v);
      }
      bound.check(d.isNegative() ? -1 : d.isZero() ? 0 : 1, v);
      return d;
    });
  }

  /** A positive size in bytes ({@code 512 MiB}, {@code 4 GiB}). */
  Long bytes(String k) {
    return read(k, v -> {
      long n;
      try {
        n = v.atKey("v").getBytes("v");
      } catch (ConfigException e) {
        throw expected("a size like 512 MiB or 4 GiB", v);
      }
      Bound.POSITIVE.check(n, v);
      return n;
    });
  }

  /** A positive quantity: a bare number, or a string that {@code parser} reads (see {@link Units}). */
  Double quantity(String k, Function<String, Double> parser) {
    return read(k, v -> {
      double d = v.valueType() == ConfigValueType.NUMBER
          ? ((Number) v.unwrapped()).doubleValue()
          : parser.apply(text(v));
      Bound.POSITIVE.check(d, v);
      return d;
    });
  }

  /** A ratio in decibels, or {@code off} (see {@link Units#decibels}). */
  Double decibels(String k) {
    return read(k, v -> v.valueType() == ConfigValueType.NUMBER
        ? ((Number) v.unwrapped()).doubleValue()
        : Units.decibels(text(v)));
  }

  List<Integer> integers(String k, Bound bound) {
    ConfigList list = read(k, v -> list(v, "a list of integers"));
    if (list == null) return null;
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      ConfigValue element = list.get(i);
      try {
        values.add(integer(element, bound));
      } catch (IllegalArgumentException e) {
        problems.add(Problem.at(hasOwn(k) ? element.origin() : origin, key(k) + "[" + i + "]", e.getMessage()));
      }
    }
    return values.size() == list.size() ? values : null;
  }

  private static List<String> strings(ConfigList list) {
    List<String> values = new ArrayList<>();
    for (ConfigValue element : list) values.add(string(element));
    return values;
  }

  List<String> strings(String k) {
    return read(k, v -> strings(list(v, "a list of strings")));
  }

  /** This section with {@code more} as defaults ahead of its own (e.g. the defaults of a workload type). */
  Section withDefaults(ConfigObject more) {
    return new Section(path, own, more.withFallback(defaults), origin, problems);
  }

  Boolean bool(String k) {
    return read(k, v -> {
      if (v.valueType() != ConfigValueType.BOOLEAN) throw expected("true or false", v);
      return (Boolean) v.unwrapped();
    });
  }

  /** A string, or a list of strings. */
  List<String> stringOrStrings(String k) {
    return read(k, v -> v instanceof ConfigList ? strings(list(v, "a list of strings")) : List.of(string(v)));
  }

  /** The elements of a list, as they are. */
  List<ConfigValue> values(String k) {
    return read(k, v -> List.copyOf(list(v, "a list")));
  }

  /** A value as HOCON text: strings unquoted, anything else as written. */
  static String render(ConfigValue v) {
    return text(v);
  }

  /** The object at {@code k} backed by the matching defaults; empty if absent, {@code null} if not an object. */
  Section child(String k) {
    ConfigObject childDefaults = defaultsOf(k);
    ConfigValue v = own.get(k);
    if (!present(v)) return new Section(key(k), EMPTY, childDefaults, origin, problems);
    if (v instanceof ConfigObject o) return new Section(key(k), o, childDefaults, o.origin(), problems);
    problem(k, expected("an object", v).getMessage());
    return null;
  }

  /** The user's entries of this object by key, in file order, backed by {@code entryDefaults}. */
  Map<String, Section> entries(ConfigObject entryDefaults) {
    Map<String, Section> entries = new LinkedHashMap<>();
    for (String k : ownKeys()) {
      if (own.get(k) instanceof ConfigObject o) {
        entries.put(k, new Section(key(k), o, entryDefaults, o.origin(), problems));
      } else {
        problem(k, expected("an object", own.get(k)).getMessage());
      }
    }
    return entries;
  }

  /** Each element of the list at {@code k} as a section backed by {@code elementDefaults}. */
  List<Section> elements(String k, ConfigObject elementDefaults) {
    ConfigList list = read(k, v -> list(v, "a list of objects"));
    if (list == null) return null;
    List<Section> elements = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String elementKey = key(k) + "[" + i + "]";
      if (list.get(i) instanceof ConfigObject o) {
        elements.add(new Section(elementKey, o, elementDefaults, o.origin(), problems));
      } else {
        problems.add(Problem.at(list.get(i).origin(), elementKey, expected("an object", list.get(i)).getMessage()));
      }
    }
    return elements;
  }

  /** The defaults object at {@code k}, for entries of a map or list. */
  ConfigObject defaultsOf(String k) {
    return defaults.get(k) instanceof ConfigObject d ? d : EMPTY;
  }

  private <T> T read(String k, Function<ConfigValue, T> convert) {
    ConfigValue v = present(own.get(k)) ? own.get(k) : defaults.get(k);
    if (!present(v)) {
      problem(k, "required key is missing");
      return null;
    }
    try {
      return convert.apply(v);
    } catch (IllegalArgumentException e) {
      problem(k, e.getMessage());
      return null;
    }
  }

  private static boolean present(ConfigValue v) {
    return v != null && v.valueType() != ConfigValueType.NULL;
  }

  private static String string(ConfigValue v) {
    try {
      return v.atKey("v").getString("v");
    } catch (ConfigException e) {
      throw expected("a string", v);
    }
  }

  private static ConfigList list(ConfigValue v, String expected) {
    if (v instanceof ConfigList list) return list;
    throw expected(expected, v);
  }

  private static Number number(ConfigValue v, String expected) {
    try {
      return v.atKey("v").getNumber("v");
    } catch (ConfigException e) {
      throw expected(expected, v);
    }
  }

  private static long whole(ConfigValue v) {
    Number n = number(v, "an integer");
    if (n instanceof Double d && (d != Math.rint(d) || Math.abs(d) > Long.MAX_VALUE)) throw expected("an integer", v);
    return n.longValue();
  }

  private static int integer(ConfigValue v, Bound bound) {
    long n = whole(v);
    bound.check(n, v);
    if (n != (int) n) throw new IllegalArgumentException("too large, got " + text(v));
    return (int) n;
  }

  private static IllegalArgumentException expected(String what, ConfigValue v) {
    return new IllegalArgumentException("expected " + what + ", got " + v.render(ConfigRenderOptions.concise()));
  }

  /** The value as the user wrote it: strings without quotes. */
  private static String text(ConfigValue v) {
    return v.valueType() == ConfigValueType.STRING ? (String) v.unwrapped() : v.render(ConfigRenderOptions.concise());
  }

  /** The known key within edit distance 2 of {@code key} (and closer than its length), or null. */
  static String closest(String key, List<String> known) {
    String best = null;
    int bestDistance = Math.min(3, key.length());
    for (String candidate : known) {
      int d = editDistance(key, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  static int editDistance(String a, String b) {
    int[] row = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) row[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      int diagonal = row[0];
      row[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int above = row[j];
        int substitution = diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        row[j] = Math.min(substitution, Math.min(above, row[j - 1]) + 1);
        diagonal = above;
      }
    }
    return row[b.length()];
  }
}
