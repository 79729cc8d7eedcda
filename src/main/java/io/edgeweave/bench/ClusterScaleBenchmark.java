package io.edgeweave.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.edgeweave.cluster.ClusterConfig;
import io.edgeweave.cluster.ClusterRun;
import io.edgeweave.collab.actors.CollaborativeTrainingDirector;
import io.edgeweave.collab.actors.DeviceHost;
import io.edgeweave.data.Datasets;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RoundRecord;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.runtime.FleetStatus;
import io.edgeweave.runtime.RunProgress;
import io.edgeweave.runtime.ScenarioDirector;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * Fleets on node JVMs of this machine (all of role edge, started here), the devices entities of Cluster Sharding
 * and the rounds directed from this JVM; beside each, the same workload in this JVM alone, for the cost of
 * distribution. Per fleet: heap per idle device on each node JVM (its heap after a full collection once every group
 * is woken, minus before, over the devices it holds), round wall time, CPU time of all the JVMs per 1,000 device
 * updates, and the messages and bytes that cross this JVM's boundary per round. A first run of one round loads the
 * data on every node JVM, so that the heap figures count devices, not the training set.
 */
public final class ClusterScaleBenchmark {
  private ClusterScaleBenchmark() {}

  /**
   * @param jvms node JVMs, all of role edge
   * @param nodeHeap each node JVM's -Xmx, e.g. 1536m
   * @param singleMax largest fleet of the single-JVM reference: CPU per device update hardly depends on the fleet
   */
  public record Settings(int jvms, String nodeHeap, Optional<Path> configFile, int singleMax) {
    public Settings {
      if (jvms < 1) throw new IllegalArgumentException("--jvms must be positive, got " + jvms);
    }
  }

  /** One node JVM's share of a fleet, idle. */
  public record JvmHeap(String jvm, long devices, double bytesPerDevice) {}

  /**
   * @param cpuMsPer1000Updates CPU time of this JVM and every node JVM per round, per 1,000 devices selected (median)
   * @param singleDevices fleet of the single-JVM reference
   * @param singleCpuMsPer1000Updates the same figure in this JVM alone
   * @param messagesPerRound remote messages in and out of this JVM (the director's) per round, median
   */
  public record FleetResult(
      int devices,
      int perRound,
      double readyMs,
      List<JvmHeap> heaps,
      double roundWallMs,
      double cpuMsPer1000Updates,
      int singleDevices,
      double singleCpuMsPer1000Updates,
      double messagesPerRound,
      double bytesPerRound) {
    public double overhead() {
      return cpuMsPer1000Updates / singleCpuMsPer1000Updates;
    }

    public double maxHeapPerDevice() {
      return heaps.stream().mapToDouble(JvmHeap::bytesPerDevice).max().orElse(Double.NaN);
    }
  }

  public static List<FleetResult> run(ScaleBenchmark.Settings settings, Settings cluster, Consumer<String> progress)
      throws InterruptedException {
    Scenario first = ScaleBenchmark.scenario(settings, settings.fleets().get(0));
    TrainTest data = Datasets.load(first.data(), first.model(), first.seed());
    int threads = ConfigFactory.load().getInt(ScenarioDirector.COMPUTE_DISPATCHER + ".thread-pool-executor.fixed-pool-size");
    Path scratch = Benchmarks.temporaryDirectory();
    List<NodeRole> roles = Collections.nCopies(cluster.jvms(), NodeRole.EDGE);
    try (NodeProcesses nodes = NodeProcesses.start(roles, cluster.nodeHeap(), cluster.configFile(), scratch)) {
      nodes.awaitUp(Duration.ofMinutes(3));
      progress.accept(cluster.jvms() + " node JVMs up");
      Config director = directorConfig(cluster, nodes.seeds());
      // enough groups that every node JVM holds some, and so loads the data
      int warmUpDevices = 10 * cluster.jvms() * ConfigFactory.load().getInt(CollaborativeTrainingDirector.DEVICES_PER_ENTITY);
      ScaleBenchmark.Settings warmUp = new ScaleBenchmark.Settings(List.of(warmUpDevices), 1, settings.participation(),
          1, settings.batchSize(), settings.samples(), settings.train(), settings.hidden(), settings.seed());
      onCluster(director, ScaleBenchmark.scenario(warmUp, warmUpDevices), data, scratch.resolve("warm-up"), nodes, progress);
      List<FleetResult> results = new ArrayList<>();
      for (int devices : settings.fleets()) {
        int singleDevices = Math.min(devices, cluster.singleMax());
        ScaleBenchmark.Settings single =
            settings.withParticipation(referenceParticipation(settings.participation(), devices, singleDevices));
        ScaleBenchmark.FleetResult reference =
            ScaleBenchmark.fleet(ScaleBenchmark.scenario(single, singleDevices), data, threads, progress);
        double singleCpu = reference.roundCpuMs() / reference.perRound() * 1000;
        Meter meter =
            onCluster(director, ScaleBenchmark.scenario(settings, devices), data, scratch.resolve("fleet-" + devices), nodes, progress);
        FleetResult r = meter.result(devices, singleDevices, singleCpu);
        progress.accept(String.format(Locale.ROOT,
            "%d devices on %d JVMs: %.0f B heap per idle device (most on a JVM), round %.0f ms, %.0f ms CPU per 1,000"
                + " updates (one JVM: %.0f ms, x%.2f)", devices, cluster.jvms(), r.maxHeapPerDevice(), r.roundWallMs(),
            r.cpuMsPer1000Updates(), singleCpu, r.overhead()));
        results.add(r);
      }
      return results;
    } finally {
      Benchmarks.delete(scratch);
    }
  }

  /**
   * The participation that gives the single-JVM reference of {@code singleDevices} as many devices a round as the
   * cluster's fleet of {@code devices} at {@code participation} (at most all of them): a round's fixed costs then spread
   * over the same number of updates in both.
   */
  static double referenceParticipation(double participation, int devices, int singleDevices) {
    return Math.min(1, participation * devices / singleDevices);
  }

  /** Runs {@code scenario} directed from this JVM on the node JVMs; returns what was measured meanwhile. */
  private static Meter onCluster(Config director, Scenario scenario, TrainTest data, Path out, NodeProcesses nodes,
      Consumer<String> progress) throws InterruptedException {
    try (ClusterRun run = ClusterRun.join(director)) {
      Meter meter = new Meter(run.system(), nodes, progress);
      RunSummary summary = run.run(scenario, data, out, meter).summary();
      if (summary.status() != RunStatus.COMPLETED) throw new IllegalStateException("the cluster run failed: " + summary.error());
      return meter;
    }
  }

  private static Config directorConfig(Settings settings, String seeds) {
    return ClusterConfig.load(new ClusterConfig.Flags(
        settings.configFile(), Optional.of("127.0.0.1"), Optional.of(0), Optional.of(seeds), Optional.empty(),
        List.of(ClusterRun.DIRECTOR_ROLE),
        Map.of("edgeweave.cluster.min-jvms", settings.jvms(),
            "pekko.remote.artery.advanced.instruments", List.of(WireCounter.class.getName()))));
  }

  /** Heap of the node JVMs around the fleet's waking; then per round the CPU of every JVM and this JVM's traffic. */
  private static final class Meter implements RunProgress {
    private final NodeProcesses nodes;
    private final Consumer<String> progress;
    private final List<RoundRecord> rounds = new ArrayList<>();
    private final List<Double> cpuMs = new ArrayList<>();
    private final List<WireCounter.Count> traffic = new ArrayList<>();
    private final ActorSystem<?> system;
    private List<DeviceHost.HeapMeasured> before = List.of();
    private List<DeviceHost.HeapMeasured> after = List.of();
    private double readyMs;
    private double cpuAt;
    private WireCounter.Count trafficAt;

    Meter(ActorSystem<?> system, NodeProcesses nodes, Consumer<String> progress) {
      this.system = system;
      this.nodes = nodes;
      this.progress = progress;
    }

    @Override
    public void onStep(StepRecord step, int totalSteps) {}

    @Override
    public void onFleet(FleetStatus status) {
      if (!status.ready()) {
        before = heaps();
        progress.accept("waking " + status.devices() + " devices on " + before.size() + " node JVMs");
        return;
      }
      readyMs = status.elapsedMs();
      after = heaps();
      cpuAt = nodes.cpuMs();
      trafficAt = WireCounter.now();
    }

    @Override
    public void onRound(RoundRecord round, int totalRounds) {
      rounds.add(round);
      double cpu = nodes.cpuMs();
      WireCounter.Count now = WireCounter.now();
      cpuMs.add(cpu - cpuAt);
      traffic.add(now.minus(trafficAt));
      cpuAt = cpu;
      trafficAt = now;
    }

    /**
     * Every node JVM's heap after a full collection, and the devices it holds. This JVM joined just before the run, so
     * its receptionist may not list every node JVM's host yet: it asks until it does.
     */
    private List<DeviceHost.HeapMeasured> heaps() {
      Duration timeout = Duration.ofMinutes(2);
      long deadline = System.nanoTime() + timeout.toNanos();
      try {
        Set<ActorRef<DeviceHost.Command>> hosts = listedHosts(timeout);
        while (hosts.size() < nodes.size() && System.nanoTime() < deadline) {
          Thread.sleep(100);
          hosts = listedHosts(timeout);
        }
        List<CompletionStage<DeviceHost.HeapMeasured>> asked = new ArrayList<>();
        hosts.forEach(host -> asked.add(
            AskPattern.ask(host, DeviceHost.MeasureHeap::new, timeout, system.scheduler())));
        List<DeviceHost.HeapMeasured> measured = new ArrayList<>();
        for (CompletionStage<DeviceHost.HeapMeasured> a : asked) measured.add(a.toCompletableFuture().get());
        measured.sort((a, b) -> a.jvm().compareTo(b.jvm()));
        return measured;
      } catch (Exception e) {
        throw new IllegalStateException("cannot measure the node JVMs' heap: " + e.getMessage(), e);
      }
    }

    private Set<ActorRef<DeviceHost.Command>> listedHosts(Duration timeout) throws Exception {
      return AskPattern.<Receptionist.Command, Receptionist.Listing>ask(system.receptionist(),
          replyTo -> Receptionist.find(DeviceHost.KEY, replyTo), timeout, system.scheduler())
          .toCompletableFuture().get().getServiceInstances(DeviceHost.KEY);
    }

    FleetResult result(int devices, int singleDevices, double singleCpuMsPer1000) {
      int from = rounds.size() > 1 ? 1 : 0;
      List<JvmHeap> heaps = new ArrayList<>();
      for (DeviceHost.HeapMeasured a : after) {
        DeviceHost.HeapMeasured b = before.stream().filter(x -> x.jvm().equals(a.jvm())).findFirst().orElse(a);
        long held = a.devices() - b.devices();
        heaps.add(new JvmHeap(a.jvm(), held, held == 0 ? Double.NaN : (double) (a.heapBytes() - b.heapBytes()) / held));
      }
      int perRound = rounds.get(0).selected();
      List<WireCounter.Count> measured = traffic.subList(from, traffic.size());
      return new FleetResult(devices, perRound, readyMs, heaps,
          Benchmarks.median(rounds.subList(from, rounds.size()).stream().map(RoundRecord::wallTimeMs).toList()),
          Benchmarks.median(cpuMs.subList(from, cpuMs.size())) / perRound * 1000, singleDevices, singleCpuMsPer1000,
          Benchmarks.median(measured.stream().map(c -> (double) c.messages()).toList()),
          Benchmarks.median(measured.stream().map(c -> (double) c.bytes()).toList()));
    }
  }
}
