package io.edgeweave.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration of a JVM that joins a cluster. From strongest to weakest: command-line flags, {@code -D} system
 * properties, the {@code --config} file (e.g. {@code cluster-config/cluster.conf}), {@code application.conf},
 * {@code reference.conf}. Environment variables come in through the {@code ${?VAR}} substitutions of those files.
 */
public final class ClusterConfig {
  private ClusterConfig() {}

  /**
   * What the command line says; empty values leave the configuration as it is.
   *
   * @param roles the JVM's cluster roles ({@code cloud}, {@code edge}, {@code director})
   * @param settings further settings by path, e.g. {@code edgeweave.cluster.min-jvms}
   */
  public record Flags(
      Optional<Path> file, Optional<String> host, Optional<Integer> port, Optional<String> seeds, Optional<String> name,
      List<String> roles, Map<String, Object> settings) {}

  /** @throws IllegalArgumentException with one line naming the file or setting that is wrong */
  public static Config load(Flags flags) {
    Map<String, Object> given = new HashMap<>(flags.settings());
    flags.host().ifPresent(h -> given.put("pekko.remote.artery.canonical.hostname", h));
    flags.port().ifPresent(p -> given.put("pekko.remote.artery.canonical.port", p));
    flags.seeds().ifPresent(s -> given.put("edgeweave.cluster.seeds", s));
    flags.name().ifPresent(n -> given.put("edgeweave.cluster.name", n));
    given.put("pekko.cluster.roles", flags.roles());
    given.put("pekko.cluster.app-version", BuildVersion.get());
    Config file = ConfigFactory.empty();
    if (flags.file().isPresent()) {
      Path path = flags.file().get();
      if (!Files.isReadable(path)) throw new IllegalArgumentException(path + ": cannot read the cluster configuration");
      file = ConfigFactory.parseFile(path.toFile());
    }
    try {
      Config config =
          ConfigFactory.parseMap(given, "command line")
              .withFallback(ConfigFactory.systemProperties())
              .withFallback(file)
              .withFallback(ConfigFactory.parseResourcesAnySyntax("application"))
              .withFallback(ConfigFactory.defaultReference())
              .resolve();
      checkTlsStores(config);
      ClusterSettings settings = ClusterSettings.of(config);
      if (settings.seeds().isEmpty()) return config;
      String self =
          config.getString("pekko.remote.artery.canonical.hostname") + ":" + config.getInt("pekko.remote.artery.canonical.port");
      return config.withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(settings.seedAddresses(self)));
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Over TLS, the JVM's keystore and the truststore must be there before Artery tries them (and logs traces). */
  private static void checkTlsStores(Config config) {
    if (!config.getString("pekko.remote.artery.transport").equals("tls-tcp")) return;
    // each store, and the settings that name it
    for (Map.Entry<String, String> store : List.of(
        Map.entry("key-store", "edgeweave.tls.keystore, EDGEWEAVE_TLS_KEYSTORE"),
        Map.entry("trust-store", "edgeweave.tls.truststore, EDGEWEAVE_TLS_TRUSTSTORE"))) {
      String path = config.getString("pekko.remote.artery.ssl.config-ssl-engine." + store.getKey());
      if (!Files.isReadable(Path.of(path))) {
        throw new IllegalArgumentException("TLS " + store.getKey() + " " + path + " cannot be read (" + store.getValue() + ")");
      }
    }
  }
}
