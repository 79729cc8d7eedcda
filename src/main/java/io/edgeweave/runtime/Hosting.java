package io.edgeweave.runtime;

import io.edgeweave.scenario.CollaborativeTrainingSpec;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.Scenario;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Where a run's nodes and links live: on agents in this JVM, or on the node JVMs of a cluster. */
public sealed interface Hosting {
  /** How long a deployment waits for the JVMs it needs. */
  Duration waitForNodes();

  /** JVMs to wait for before the first placement. */
  int minJvms();

  /**
   * Agents in this JVM, each standing for a JVM.
   *
   * @param agents agent name → roles it hosts
   * @param restartKilled start an agent again after a kill-jvm fault stopped it, as a process supervisor would
   */
  record InProcess(Map<String, Set<NodeRole>> agents, boolean restartKilled, Duration waitForNodes) implements Hosting {
    public InProcess {
      agents = Collections.unmodifiableMap(new LinkedHashMap<>(agents));
    }

    @Override
    public int minJvms() {
      return agents.size();
    }
  }

  /**
   * The node JVMs of the cluster, found through the receptionist.
   *
   * @param minJvms node JVMs to wait for before the first placement, so that placement by role sees them all
   */
  record Cluster(int minJvms, Duration waitForNodes) implements Hosting {}

  /** A single-JVM run: one agent hosts every node. */
  static Hosting local() {
    return new InProcess(Map.of("local", Set.of(NodeRole.EDGE, NodeRole.CLOUD)), true, Duration.ofSeconds(10));
  }

  /**
   * A single-JVM run of {@code scenario}: a collaborative fleet spread over {@code workload.jvms} edge JVMs gets as
   * many edge agents, {@code edge-1} on, which a kill does not start again (as a cluster's JVMs without a supervisor);
   * any other run, {@link #local()}.
   */
  static Hosting local(Scenario scenario) {
    if (!(scenario.workload() instanceof CollaborativeTrainingSpec c) || c.jvms() < 2) return local();
    Map<String, Set<NodeRole>> agents = new LinkedHashMap<>();
    for (int i = 1; i <= c.jvms(); i++) agents.put("edge-" + i, Set.of(NodeRole.EDGE));
    return new InProcess(agents, false, Duration.ofSeconds(10));
  }

  /** Why the scenario cannot run this way, if it cannot: pausing or cutting off a JVM needs nodes in their own JVMs. */
  default Optional<String> problem(Scenario scenario) {
    if (this instanceof Cluster) return Optional.empty();
    for (int i = 0; i < scenario.faults().size(); i++) {
      FaultSpec f = scenario.faults().get(i);
      if (f.kind() == FaultSpec.FaultKind.PAUSE_JVM || f.kind() == FaultSpec.FaultKind.PARTITION_JVM) {
        return Optional.of("faults[" + i + "]: a " + f.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
            + " fault needs nodes in their own JVMs: run with --cluster");
      }
    }
    return Optional.empty();
  }
}
