package io.edgeweave.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.edgeweave.collab.actors.DeviceHost;
import io.edgeweave.data.SyntheticDataset;
import io.edgeweave.genai.actors.GenHost;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.metrics.SummaryWriter;
import io.edgeweave.scenario.DataSpec;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.LinkKind;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.MimoSpec;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.NodeSpec;
import io.edgeweave.scenario.OutputSpec;
import io.edgeweave.scenario.RuntimeSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ShardingSpec;
import io.edgeweave.scenario.SplitTrainingSpec;
import io.edgeweave.serving.actors.ServingHost;
import io.edgeweave.tensor.Tensor;
import io.edgeweave.training.actors.SplitHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/** Small scenarios for actor tests, and a way to run one to the end. */
public final class Runs {
  /** Actor tests serialise every message, as if each crossed JVMs. */
  public static final Config TEST_CONFIG =
      ConfigFactory.parseString(
          "pekko.actor.serialize-messages = on\n"
              + "pekko.actor.provider = cluster\n"
              + "pekko.remote.artery.canonical.port = 0\n")
          .withFallback(ConfigFactory.load());

  /** Resends 30 ms apart, up to 200, no pacing, no checkpoints. */
  public static final RuntimeSpec RUNTIME =
      new RuntimeSpec(Duration.ofMillis(30), 200, 0, Duration.ofSeconds(30), 0, RuntimeSpec.OnDivergence.STOP, Duration.ZERO);

  public static final ModelSpec MODEL = new ModelSpec("mlp", 20, List.of(16, 12), 4, "relu", "adam", 0.01);

  private Runs() {}

  public static TrainTest data(long seed) {
    return data(seed, MODEL);
  }

  public static TrainTest data(long seed, ModelSpec model) {
    return SyntheticDataset.generate(seed, 512, 200, model.inputs(), model.classes());
  }

  public static LinkSpec link(String id, String from, String to, double bps, double propagationMs) {
    return new LinkSpec(
        id, LinkKind.DIGITAL, from, to, bps, Duration.ofNanos((long) (propagationMs * 1e6)), Duration.ZERO, 0, 0, 0);
  }

  /** An over-the-air MIMO link with the given channel. */
  public static LinkSpec overTheAir(String id, String from, String to, MimoSpec mimo) {
    return new LinkSpec(
        id, LinkKind.MIMO_OAC, from, to, Double.NaN, Duration.ofMillis(1), Duration.ZERO, 0, 0, 0, mimo);
  }

  public static LinkSpec impaired(LinkSpec l, double loss, double duplicate, double reorder) {
    return new LinkSpec(
        l.id(), l.kind(), l.from(), l.to(), l.bitsPerSecond(), l.propagation(), l.jitter(), loss, duplicate, reorder);
  }

  /** device → cloud over one link, the model cut after its first hidden layer. */
  public static Scenario twoNodes(String name, int steps, LinkSpec link, List<FaultSpec> faults, Path out) {
    Map<String, NodeSpec> nodes = new LinkedHashMap<>();
    nodes.put("device", new NodeSpec("device", NodeRole.EDGE, 1e9, 1L << 30));
    nodes.put("cloud", new NodeSpec("cloud", NodeRole.CLOUD, 1e11, 1L << 30));
    return scenario(name, nodes, List.of(link), List.of("device", "cloud"), List.of(1), steps, faults, out);
  }

  /** device → edge → cloud, the model cut after each hidden layer. */
  public static Scenario threeNodes(String name, int steps, List<LinkSpec> links, List<FaultSpec> faults, Path out) {
    Map<String, NodeSpec> nodes = new LinkedHashMap<>();
    nodes.put("device", new NodeSpec("device", NodeRole.EDGE, 1e9, 1L << 30));
    nodes.put("edge", new NodeSpec("edge", NodeRole.EDGE, 1e10, 1L << 30));
    nodes.put("cloud", new NodeSpec("cloud", NodeRole.CLOUD, 1e11, 1L << 30));
    return scenario(name, nodes, links, List.of("device", "edge", "cloud"), List.of(1, 2), steps, faults, out);
  }

  public static Scenario scenario(
      String name,
      Map<String, NodeSpec> nodes,
      List<LinkSpec> links,
      List<String> path,
      List<Integer> cuts,
      int steps,
      List<FaultSpec> faults,
      Path out) {
    Map<String, LinkSpec> byId = new LinkedHashMap<>();
    links.forEach(l -> byId.put(l.id(), l));
    return new Scenario(
        name,
        11,
        nodes,
        byId,
        MODEL,
        new DataSpec(DataSpec.DataSource.SYNTHETIC, Path.of("."), 0, 0, 512, 200, new ShardingSpec(ShardingSpec.Scheme.IID, 1, 1)),
        new SplitTrainingSpec(path, cuts, 16, steps, 0, 1),
        faults,
        RUNTIME,
        new OutputSpec(out),
        Map.of());
  }

  /** The same scenario with checkpoints every {@code every} steps and the given faults. */
  public static Scenario withCheckpoints(Scenario s, int every, List<FaultSpec> faults) {
    RuntimeSpec r = s.runtime();
    return withRuntime(s, faults,
        new RuntimeSpec(r.retryTimeout(), r.maxRetries(), r.timeScale(), r.responseTimeout(), every, r.onDivergence(), r.reportEvery()));
  }

  /** The same scenario with the first node reporting its steps every {@code every} (zero: after each step). */
  public static Scenario withReportEvery(Scenario s, Duration every) {
    RuntimeSpec r = s.runtime();
    return withRuntime(s, s.faults(),
        new RuntimeSpec(r.retryTimeout(), r.maxRetries(), r.timeScale(), r.responseTimeout(), r.checkpointEvery(), r.onDivergence(), every));
  }

  private static Scenario withRuntime(Scenario s, List<FaultSpec> faults, RuntimeSpec runtime) {
    return new Scenario(s.name(), s.seed(), s.nodes(), s.links(), s.model(), s.data(), s.workload(), faults, runtime, s.output(),
        s.placement());
  }

  /** The same split-training scenario with each batch cut into {@code microBatches}. */
  public static Scenario withMicroBatches(Scenario s, int microBatches) {
    return s.withWorkload(((SplitTrainingSpec) s.workload()).withMicroBatches(microBatches));
  }

  /** The same scenario with links paced on the wall clock by {@code timeScale} (0: no pacing). */
  public static Scenario withTimeScale(Scenario s, double timeScale) {
    RuntimeSpec r = s.runtime();
    return withRuntime(s, s.faults(),
        new RuntimeSpec(r.retryTimeout(), r.maxRetries(), timeScale, r.responseTimeout(), r.checkpointEvery(), r.onDivergence(), r.reportEvery()));
  }

  /** The same scenario with another model. */
  public static Scenario withModel(Scenario s, ModelSpec model) {
    return new Scenario(
        s.name(), s.seed(), s.nodes(), s.links(), model, s.data(), s.workload(), s.faults(), s.runtime(), s.output(),
        s.placement());
  }

  /** A process fault on a node before a step. */
  public static FaultSpec nodeFault(FaultSpec.FaultKind kind, String node, int atStep) {
    return new FaultSpec(
        node, kind, java.util.OptionalInt.of(atStep), java.util.Optional.empty(), java.util.OptionalInt.empty(),
        java.util.Optional.empty(), 0, Duration.ZERO, Duration.ZERO, 0);
  }

  /** All parameters of a split model, partitions in path order. */
  public static float[] concat(List<Tensor> parts) {
    int total = parts.stream().mapToInt(Tensor::size).sum();
    float[] all = new float[total];
    int at = 0;
    for (Tensor t : parts) {
      float[] values = t.toFloats();
      System.arraycopy(values, 0, all, at, values.length);
      at += values.length;
    }
    return all;
  }

  /**
   * What a finished run left: its summary, every step, the final partition parameters, and the progress of a run
   * made of phases as its listener was told.
   */
  public record Outcome(RunSummary summary, List<StepRecord> steps, List<Tensor> parameters, List<PhaseProgress> phases) {}

  public static Outcome run(ActorTestKit kit, Scenario scenario, TrainTest data, Path out) throws Exception {
    return run(kit, scenario, data, out, Hosting.local());
  }

  public static Outcome run(ActorTestKit kit, Scenario scenario, TrainTest data, Path out, Hosting hosting) throws Exception {
    return run(kit, scenario, data, out, hosting, new RunControl(), -1, false, null);
  }

  /**
   * A single-JVM run asked to stop, as Ctrl-C asks, once {@code stopAfter} steps are committed (-1: never); with
   * {@code resume}, the run in {@code out} continued from its newest checkpoint.
   */
  public static Outcome run(ActorTestKit kit, Scenario scenario, TrainTest data, Path out, int stopAfter, boolean resume)
      throws Exception {
    return run(kit, scenario, data, out, Hosting.local(), new RunControl(), stopAfter, resume, null);
  }

  /** @param resume continue the run in {@code out} from its newest checkpoint */
  public static Outcome run(
      ActorTestKit kit, Scenario scenario, TrainTest data, Path out, Hosting hosting, RunControl control, boolean resume)
      throws Exception {
    return run(kit, scenario, data, out, hosting, control, -1, resume, null);
  }

  /** A run resumed as a standby director resumes the run it takes over. */
  public static Outcome takenOver(ActorTestKit kit, Scenario scenario, TrainTest data, Path out, TakenOver takenOver) throws Exception {
    return run(kit, scenario, data, out, Hosting.local(), new RunControl(), -1, true, takenOver);
  }

  /** A takeover as a standby director hands it to the run it resumes: the dead director's JVM removed now. */
  public static TakenOver takeoverNow() {
    return new TakenOver(new RunSummary.Takeover("standby", "director", Instant.now(), 4500.0, 12.5), System.nanoTime());
  }

  /**
   * The run in {@code out}, resumed with {@code given}, wrote the standby's figures into its summary.json, with its
   * first unit of work timed from the removal, before now.
   */
  public static RunSummary.Takeover assertTakeoverWritten(Path out, TakenOver given) throws IOException {
    double sinceRemovalMs = (System.nanoTime() - given.removedNanos()) / 1e6;
    RunSummary.Takeover written = SummaryWriter.read(out.resolve("summary.json")).takeover();
    assertNotNull(written, "summary.json of a run taken over has a takeover object");
    RunSummary.Takeover standby = given.figures();
    assertEquals(List.of(standby.standby(), standby.director(), standby.directorRemovedAt(), standby.unreachableMs(),
            standby.resumedMs()),
        List.of(written.standby(), written.director(), written.directorRemovedAt(), written.unreachableMs(),
            written.resumedMs()), "the standby's figures, written as it measured them");
    assertNotNull(written.firstProgressMs(), "the resumed run completed a unit of work: " + written);
    assertTrue(written.firstProgressMs() > 0 && written.firstProgressMs() < sinceRemovalMs,
        "the first unit of work, timed from the removal: " + written + ", " + sinceRemovalMs + " ms since");
    return written;
  }

  /** The run in {@code out} was not taken over: its summary.json has no takeover key. */
  public static void assertNoTakeover(Path out) throws IOException {
    assertNull(SummaryWriter.read(out.resolve("summary.json")).takeover());
    assertFalse(Files.readString(out.resolve("summary.json")).contains("takeover"), "a run not taken over writes none");
  }

  private static Outcome run(
      ActorTestKit kit, Scenario scenario, TrainTest data, Path out, Hosting hosting, RunControl control, int stopAfter,
      boolean resume, TakenOver takenOver)
      throws Exception {
    CompletableFuture<Outcome> done = new CompletableFuture<>();
    List<StepRecord> steps = new ArrayList<>();
    List<PhaseProgress> phases = new CopyOnWriteArrayList<>();
    RunListener listener =
        new RunListener() {
          @Override
          public void onStep(StepRecord step, int totalSteps) {
            steps.add(step);
            if (steps.size() == stopAfter) control.interrupt("the test");
          }

          @Override
          public void onPhase(PhaseProgress progress) {
            phases.add(progress);
          }

          @Override
          public void onFinished(RunSummary summary, List<Tensor> parameters) {
            done.complete(new Outcome(summary, List.copyOf(steps), parameters, List.copyOf(phases)));
          }
        };
    awaitNoHosts(kit);
    kit.spawn(ScenarioDirector.create(scenario, data, out, listener, hosting, control, resume, takenOver));
    return done.get(120, TimeUnit.SECONDS);
  }

  /**
   * Waits until the hosts of earlier runs in {@code kit} have gone from its receptionist: they stop after their run has
   * finished, and a run that found one (its in-process JVM has the same name) would deploy on it, then lose its nodes.
   */
  private static void awaitNoHosts(ActorTestKit kit) {
    TestProbe<Receptionist.Listing> probe = kit.createTestProbe();
    for (ServiceKey<?> key : List.of(SplitHost.KEY, DeviceHost.KEY, ServingHost.KEY, GenHost.KEY)) {
      probe.awaitAssert(Duration.ofSeconds(10), () -> {
        kit.system().receptionist().tell(Receptionist.find(key, probe.ref()));
        Set<?> left = probe.receiveMessage().getAllServiceInstances(key);
        assertTrue(left.isEmpty(), "hosts of an earlier run still listed: " + left);
        return null;
      });
    }
  }
}
