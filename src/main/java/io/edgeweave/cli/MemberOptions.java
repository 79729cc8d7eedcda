package io.edgeweave.cli;

import picocli.CommandLine.Option;

/** Options of a JVM that stays a member of a cluster (a node JVM, a standby director): its name and the seeds. */
final class MemberOptions {
  @Option(names = "--name", paramLabel = "NAME", description = "This JVM's name, for placements and logs (default: ROLE-PORT).")
  String name;

  @Option(
      names = "--seeds",
      paramLabel = "HOST:PORT[,...]",
      description = "Seed nodes, the same on every JVM (default: edgeweave.cluster.seeds, $EDGEWEAVE_SEEDS).")
  String seeds;
}
