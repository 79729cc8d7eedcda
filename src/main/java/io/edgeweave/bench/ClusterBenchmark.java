package io.edgeweave.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.edgeweave.cluster.ClusterConfig;
import io.edgeweave.cluster.ClusterRun;
import io.edgeweave.cluster.LocalRun;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.runtime.RunProgress;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.NodeSpec;
import io.edgeweave.scenario.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a cluster costs in wall time: one scenario run in this JVM and on node JVMs of this machine (started here, on
 * 127.0.0.1, from this JVM's classpath), alternately, in one invocation, so that both see the same machine. A run's
 * wall time is its director's, from its start to its summary: the deployment is in it, starting the JVMs and joining
 * the cluster are not (they happen once per cluster, not once per run).
 */
public final class ClusterBenchmark {
  private ClusterBenchmark() {}

  /**
   * @param jvms node JVMs: one cloud JVM (if the scenario has cloud nodes), the others edge JVMs
   * @param rounds pairs of runs (one JVM, then the cluster)
   * @param nodeHeap each node JVM's -Xmx, e.g. 512m
   * @param configFile cluster configuration of every JVM (cluster-config/cluster.conf), if any
   */
  public record Settings(int jvms, int rounds, String nodeHeap, Optional<Path> configFile) {
    public Settings {
      if (jvms < 1 || rounds < 1) throw new IllegalArgumentException("--jvms and --rounds must be positive");
      Objects.requireNonNull(configFile);
    }
  }

  /**
   * One run's wall time, its steps' wall time, the CPU time of every JVM of the run meanwhile (this one and the
   * node JVMs, whatever they did), and the figures both runs of a pair must share.
   */
  public record Measured(double wallMs, double stepsWallMs, double cpuMs, RunSummary summary) {
    static Measured of(RunSummary summary, List<StepRecord> steps, double cpuMs) {
      return new Measured(summary.wallTimeMs(), steps.stream().mapToDouble(StepRecord::wallTimeMs).sum(), cpuMs, summary);
    }
  }

  public record Pair(Measured single, Measured cluster) {
    /** Whether the cluster run computed what the single-JVM run computed (wall times aside). */
    public boolean sameResult() {
      RunSummary a = single.summary();
      RunSummary b = cluster.summary();
      return a.status() == b.status()
          && Objects.equals(a.testAccuracy(), b.testAccuracy())
          && a.virtualTimeMs() == b.virtualTimeMs()
          && a.linkBytes() == b.linkBytes()
          && a.stepsCommitted() == b.stepsCommitted();
    }
  }

  /** @param startMs from starting the node JVMs until all were members and this JVM had joined */
  public record Result(List<Pair> pairs, double startMs, List<String> placement) {
    public double singleMedianMs() {
      return Benchmarks.median(pairs.stream().map(p -> p.single().wallMs()).toList());
    }

    public double clusterMedianMs() {
      return Benchmarks.median(pairs.stream().map(p -> p.cluster().wallMs()).toList());
    }

    public double ratio() {
      return clusterMedianMs() / singleMedianMs();
    }
  }

  /** The roles of {@code jvms} node JVMs for a scenario: one cloud JVM if it has cloud nodes, else all edge. */
  static List<NodeRole> roles(Scenario scenario, int jvms) {
    boolean clouds = scenario.nodes().values().stream().anyMatch(n -> n.role() == NodeRole.CLOUD);
    boolean edges = scenario.nodes().values().stream().map(NodeSpec::role).anyMatch(r -> r == NodeRole.EDGE);
    List<NodeRole> roles = new ArrayList<>();
    for (int i = 0; i < jvms; i++) {
      roles.add((clouds && (i == 0 || !edges)) ? NodeRole.CLOUD : NodeRole.EDGE);
    }
    return roles;
  }

  public static Result run(Scenario scenario, TrainTest data, Settings settings, Consumer<String> log)
      throws InterruptedException {
    Path scratch = Benchmarks.temporaryDirectory();
    long started = System.nanoTime();
    try (NodeProcesses nodes = NodeProcesses.start(roles(scenario, settings.jvms()), settings.nodeHeap(), settings.configFile(), scratch)) {
      nodes.awaitUp(Duration.ofMinutes(3));
      Config director = directorConfig(settings, nodes.seeds());
      double startMs = (System.nanoTime() - started) / 1e6;
      log.accept(String.format(Locale.ROOT, "%d node JVMs up in %.1f s", settings.jvms(), startMs / 1000));
      List<Pair> pairs = new ArrayList<>();
      List<String> placement = List.of();
      for (int round = 0; round < settings.rounds(); round++) {
        Steps singleSteps = new Steps();
        double cpuBefore = nodes.cpuMs();
        RunSummary single =
            LocalRun.run(scenario, data, scratch.resolve("single-" + round), singleSteps, ConfigFactory.empty()).summary();
        double singleCpuMs = nodes.cpuMs() - cpuBefore;
        log.accept(String.format(Locale.ROOT, "round %d: one JVM %.1f s", round + 1, single.wallTimeMs() / 1000));
        Steps clusterSteps = new Steps();
        RunSummary cluster;
        double clusterCpuMs;
        try (ClusterRun run = ClusterRun.join(director)) {
          cpuBefore = nodes.cpuMs();
          cluster = run.run(scenario, data, scratch.resolve("cluster-" + round), clusterSteps).summary();
          clusterCpuMs = nodes.cpuMs() - cpuBefore;
        }
        log.accept(String.format(Locale.ROOT, "round %d: %d JVMs %.1f s", round + 1, settings.jvms(), cluster.wallTimeMs() / 1000));
        placement = cluster.placement().entrySet().stream().map(e -> e.getKey() + " on " + e.getValue()).toList();
        pairs.add(new Pair(
            Measured.of(single, singleSteps.records, singleCpuMs), Measured.of(cluster, clusterSteps.records, clusterCpuMs)));
      }
      return new Result(pairs, startMs, placement);
    } finally {
      Benchmarks.delete(scratch);
    }
  }

  private static Config directorConfig(Settings settings, String seeds) {
    return ClusterConfig.load(
        new ClusterConfig.Flags(
            settings.configFile(), Optional.of("127.0.0.1"), Optional.of(0), Optional.of(seeds), Optional.empty(),
            List.of(ClusterRun.DIRECTOR_ROLE), Map.of("edgeweave.cluster.min-jvms", settings.jvms())));
  }

  /** The step records of a run, as its director commits them. */
  private static final class Steps implements RunProgress {
    final List<StepRecord> records = new ArrayList<>();

    @Override
    public synchronized void onStep(StepRecord step, int totalSteps) {
      records.add(step);
    }
  }
}
