package io.edgeweave.cluster;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code edgeweave.cluster} settings of a JVM that joins a multi-JVM cluster, read once from its configuration.
 *
 * @param seeds seed nodes as {@code host:port}
 * @param rejoin a JVM started again after a failure: it only joins a running cluster, never starts one
 * @param name a node JVM's name ("" = role and port)
 * @param joinTimeout how long the JVM waits to become a member
 * @param waitForNodes how long a run waits for the node JVMs it needs
 * @param minJvms node JVMs a run waits for before it places anything
 * @param dataDirectory where a node JVM finds IDX files, if not where the scenario says
 */
public record ClusterSettings(
    List<String> seeds, boolean rejoin, String name, Duration joinTimeout, Duration waitForNodes, int minJvms,
    Optional<Path> dataDirectory) {
  /** The actor system's name: the same on every JVM of a cluster. */
  public static final String SYSTEM = "edgeweave";

  private static final Pattern SEED = Pattern.compile("[^\\s:,/@]+:\\d{1,5}");

  public ClusterSettings {
    seeds = List.copyOf(seeds);
  }

  /** Reads {@code edgeweave.cluster}; a malformed seed list is an {@link IllegalArgumentException}. */
  public static ClusterSettings of(Config config) {
    Config c = config.getConfig("edgeweave.cluster");
    String dataDirectory = c.getString("data-directory");
    return new ClusterSettings(
        seeds(c.getString("seeds")),
        c.getBoolean("rejoin"),
        c.getString("name"),
        c.getDuration("join-timeout"),
        c.getDuration("wait-for-nodes"),
        c.getInt("min-jvms"),
        dataDirectory.isBlank() ? Optional.empty() : Optional.of(Path.of(dataDirectory)));
  }

  /** {@code host:port,host:port} as a list; empty for "". */
  public static List<String> seeds(String text) {
    List<String> seeds = new ArrayList<>();
    for (String s : text.split(",")) {
      String seed = s.strip();
      if (seed.isEmpty()) continue;
      if (!SEED.matcher(seed).matches()) {
        throw new IllegalArgumentException("seeds: expected host:port[,host:port...], got \"" + text + "\"");
      }
      seeds.add(seed);
    }
    return seeds;
  }

  /**
   * The seed nodes as Pekko addresses. The first seed starts a new cluster when no other seed answers; a JVM that
   * rejoins after a failure must not, or a restarted first seed would make a second cluster beside the running one:
   * its own address goes last.
   *
   * @param self this JVM's {@code host:port}
   */
  public List<String> seedAddresses(String self) {
    List<String> ordered = new ArrayList<>(seeds);
    if (rejoin && ordered.remove(self)) ordered.add(self);
    return ordered.stream().map(s -> "pekko://" + SYSTEM + "@" + s).toList();
  }
}
