package io.edgeweave.cli;

import com.typesafe.config.Config;
import io.edgeweave.cluster.ClusterConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options of every JVM that joins a cluster: where its configuration is and the address it listens on. */
final class ClusterOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      defaultValue = "${env:EDGEWEAVE_CLUSTER_CONFIG}",
      description = "Cluster configuration (HOCON), e.g. cluster-config/cluster.conf (default: $EDGEWEAVE_CLUSTER_CONFIG).")
  Path config;

  @Option(names = "--host", paramLabel = "HOST", description = "Address other JVMs reach this one at (default 127.0.0.1).")
  String host;

  @Option(names = "--port", paramLabel = "PORT", description = "Port this JVM listens on (0: any free port).")
  Integer port;

  @Option(
      names = "--management-port",
      paramLabel = "PORT",
      description = "Port of this JVM's Pekko Management HTTP endpoint: /ready, /alive, /cluster/members"
          + " (default: $EDGEWEAVE_MANAGEMENT_PORT, else any free port).")
  Integer managementPort;

  @Option(
      names = "--join-timeout",
      paramLabel = "DURATION",
      description = "Give up (exit status 1) if this JVM is not a cluster member after this long (default 30s).")
  String joinTimeout;

  /** This JVM's configuration: these options, then the given ones, over the configuration files. */
  Config load(Optional<String> seeds, Optional<String> name, List<String> roles, Map<String, Object> settings) {
    Map<String, Object> all = new HashMap<>(settings);
    if (managementPort != null) all.put("pekko.management.http.port", managementPort);
    if (joinTimeout != null) all.put("edgeweave.cluster.join-timeout", joinTimeout);
    return ClusterConfig.load(
        new ClusterConfig.Flags(
            Optional.ofNullable(config), Optional.ofNullable(host), Optional.ofNullable(port), seeds, name, roles, all));
  }
}
