package io.edgeweave.scenario;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One thing wrong with a scenario, printed as {@code FILE:LINE: key: message}.
 *
 * @param where the source and, when known, its line: {@code quickstart.conf:12}, {@code --set}
 * @param key the dotted key the problem is about, or empty when it concerns no single key
 * @param message what is wrong, in plain words
 */
public record Problem(String where, String key, String message) {

  /** Origin description of values given on the command line with {@code --set}: single lines, so no line number. */
  static final String OVERRIDES = "--set";

  /** Suffix of the origin of a sweep's settings (single lines too): {@code FILE (sweep)}. */
  static final String SWEEP = " (sweep)";

  private static final String MERGE_PREFIX = "merge of ";
  private static final Pattern SOURCE_AND_LINE = Pattern.compile("(.*?): (\\d+)(?:-\\d+)?");

  /** A problem located at a HOCON origin. */
  static Problem at(ConfigOrigin origin, String key, String message) {
    return new Problem(where(origin), key, message);
  }

  /** A Typesafe Config failure (syntax error, unresolved substitution...) at its origin, else in {@code source}. */
  static Problem of(ConfigException e, String source) {
    String message = e.getMessage();
    if (e.origin() == null) return new Problem(source, "", message);
    String prefix = e.origin().description() + ": ";
    if (message.startsWith(prefix)) message = message.substring(prefix.length());
    return at(e.origin(), "", message);
  }

  /** {@code source:line} of an origin; for a merge of several sources, the first of them. */
  static String where(ConfigOrigin origin) {
    if (origin.resource() != null) return withLine(origin.resource(), origin.lineNumber());
    String description = origin.description();
    if (description.startsWith(MERGE_PREFIX)) {
      description = description.substring(MERGE_PREFIX.length()).split(",", 2)[0];
    }
    Matcher m = SOURCE_AND_LINE.matcher(description);
    return m.matches() ? withLine(m.group(1), Integer.parseInt(m.group(2))) : description;
  }

  private static String withLine(String source, int line) {
    return line < 0 || source.equals(OVERRIDES) || source.endsWith(SWEEP) ? source : source + ":" + line;
  }

  @Override
  public String toString() {
    return where + ": " + (key.isEmpty() ? "" : key + ": ") + message;
  }
}
