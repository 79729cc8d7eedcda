package io.edgeweave.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Which build of EdgeWeave this JVM runs: the time Maven made it, {@code yyyyMMdd.HHmmss}, given to Pekko as the
 * cluster's {@code app-version}, so that a JVM of another build is seen when it joins (messages are not compatible
 * across builds). Classes that Maven did not filter (an IDE's) are build {@code 0.0.0}.
 */
public final class BuildVersion {
  private static final Pattern MADE = Pattern.compile("\\d{8}\\.\\d{6}");
  private static final String VERSION = read();

  private BuildVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in = BuildVersion.class.getResourceAsStream("/edgeweave-build.properties")) {
      if (in == null) return "0.0.0";
      Properties properties = new Properties();
      properties.load(in);
      String build = properties.getProperty("build", "");
      return MADE.matcher(build).matches() ? build : "0.0.0";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
