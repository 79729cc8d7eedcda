package io.edgeweave.cli;

import com.typesafe.config.Config;
import io.edgeweave.cluster.ClusterNode;
import io.edgeweave.scenario.NodeRole;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code edgeweave node --role ROLE}: a node JVM that hosts the nodes runs place on it. */
@Command(
    name = "node",
    description = "Join a cluster as a node JVM and host the cloud servers, edge devices and links that runs place on it.",
    footerHeading = "%nExample:%n",
    footer = "  ./edgeweave node --role cloud --name cloud-1 --port 25520 --seeds 127.0.0.1:25520")
final class NodeCommand implements Callable<Integer> {
  @Option(names = "--role", required = true, split = ",", paramLabel = "ROLE", description = "cloud, edge, or cloud,edge.")
  List<String> roles;

  @Mixin MemberOptions member;

  @Mixin ClusterOptions cluster;

  @Override
  public Integer call() throws InterruptedException {
    Set<NodeRole> nodeRoles = EnumSet.noneOf(NodeRole.class);
    Config config;
    try {
      for (String role : roles) nodeRoles.add(role(role));
      List<String> names = nodeRoles.stream().map(NodeRole::configName).toList();
      config = cluster.load(Optional.ofNullable(member.seeds), Optional.ofNullable(member.name), names, Map.of());
    } catch (IllegalArgumentException e) {
      System.err.println("node: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    return ClusterNode.run(config, nodeRoles, System.out);
  }

  private static NodeRole role(String text) {
    for (NodeRole r : NodeRole.values()) {
      if (r.configName().equals(text.strip().toLowerCase(Locale.ROOT))) return r;
    }
    throw new IllegalArgumentException("--role: expected cloud or edge, got \"" + text + "\"");
  }
}
