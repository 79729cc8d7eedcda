package io.edgeweave.collab.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.edgeweave.collab.Fleet;
import io.edgeweave.data.Datasets;
import io.edgeweave.data.OneHot;
import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.RoundRecord;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.nn.Networks;
import io.edgeweave.runtime.Hosting;
import io.edgeweave.runtime.RunListener;
import io.edgeweave.runtime.Runs;
import io.edgeweave.runtime.ScenarioDirector;
import io.edgeweave.scenario.CollaborativeTrainingSpec;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioLoader;
import io.edgeweave.scenario.Seeds;
import io.edgeweave.tensor.Tensor;
import io.edgeweave.training.BatchSource;
import io.edgeweave.training.ShardBatches;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Collaborative rounds over device, link and cloud actors with every message serialised: one device is plain
 * training, one seed is one run whatever the threads, and every selected device is accounted for under
 * dropouts, crashes, stragglers, lost and duplicated transmissions.
 */
class CollaborativeTrainingRunTest {
  /** A small fleet on synthetic data; {@code workload} and {@code more} complete it. */
  static Scenario scenario(String workload, String... more) throws Exception {
    String hocon = String.join("\n",
        "name = collab",
        "seed = 17",
        "nodes { cloud { role = cloud, flops = 100 GFLOPS } }",
        "model { inputs = 20, hidden = [16], classes = 4, updater = adam, learning-rate = 0.01 }",
        "data { synthetic { train = 1200, test = 300 }, sharding { scheme = dirichlet, alpha = 0.5 } }",
        "workload { type = collaborative-training, cloud = cloud, " + workload + " }",
        String.join("\n", more));
    return ScenarioLoader.parse(hocon, "collab.conf", List.of());
  }

  record Outcome(RunSummary summary, List<RoundRecord> rounds, Tensor global) {}

  private static Outcome run(Scenario scenario, Config config, Path out) throws Exception {
    return run(scenario, config, Hosting.local(), out);
  }

  static Outcome run(Scenario scenario, Config config, Hosting hosting, Path out) throws Exception {
    ActorTestKit kit = ActorTestKit.create(config.withFallback(Runs.TEST_CONFIG));
    try {
      CompletableFuture<Outcome> done = new CompletableFuture<>();
      List<RoundRecord> rounds = new ArrayList<>();
      RunListener listener = new RunListener() {
        @Override
        public void onStep(StepRecord step, int totalSteps) {}

        @Override
        public void onRound(RoundRecord round, int totalRounds) {
          rounds.add(round);
        }

        @Override
        public void onFinished(RunSummary summary, List<Tensor> parameters) {
          done.complete(new Outcome(summary, List.copyOf(rounds), parameters.isEmpty() ? null : parameters.get(0)));
        }
      };
      TrainTest data = Datasets.load(scenario.data(), scenario.model(), scenario.seed());
      kit.spawn(ScenarioDirector.create(scenario, data, out, listener, hosting));
      Outcome outcome = done.get(120, TimeUnit.SECONDS);
      assertEquals(RunStatus.COMPLETED, outcome.summary().status(), outcome.summary().error());
      return outcome;
    } finally {
      kit.shutdownTestKit();
    }
  }

  private static Outcome run(Scenario scenario, Path out) throws Exception {
    return run(scenario, ConfigFactory.empty(), out);
  }

  /** The network one device trains when nobody else takes part: its own shard, its own batches. */
  private static MultiLayerNetwork plainTraining(Scenario scenario, int steps) {
    CollaborativeTrainingSpec workload = (CollaborativeTrainingSpec) scenario.workload();
    TrainTest data = Datasets.load(scenario.data(), scenario.model(), scenario.seed());
    int[] shard = Fleet.shards(scenario, workload, data).shard(0);
    BatchSource batches = new ShardBatches(data.train(), shard, workload.batchSize(),
        Seeds.derive(scenario.seed(), "batches/device-0"));
    MultiLayerNetwork net = Networks.whole(scenario.model(), scenario.seed());
    for (int step = 0; step < steps; step++) {
      BatchSource.Batch batch = batches.batch(step);
      net.fit(batch.features(), OneHot.encode(batch.labels(), scenario.model().classes()));
    }
    return net;
  }

  @Test
  void oneDeviceWithOneLocalStepIsPlainTrainingOnItsShard(@TempDir Path out) throws Exception {
    Scenario adam = scenario("devices.count = 1, rounds = 1, local-steps = 1, batch-size = 16");
    Outcome run = run(adam, out.resolve("adam"));
    assertEquals(Tensor.of(plainTraining(adam, 1).params()), run.global());
    assertEquals(1, run.rounds().get(0).arrived());

    Scenario sgd = scenario("devices.count = 1, rounds = 4, local-steps = 1, batch-size = 16",
        "model { updater = sgd, learning-rate = 0.1 }");
    Tensor fourRounds = run(sgd, out.resolve("sgd")).global();
    assertEquals(Tensor.of(plainTraining(sgd, 4).params()), fourRounds,
        "with a stateless optimiser, rounds of one step continue one another like plain steps");
  }

  /** Devices on one JVM with one thread, or spread over two edge JVMs (agents standing for them) with four. */
  @Test
  void oneSeedGivesOneGlobalModelWhateverTheThreadsAndTheJvmsOfTheDevices(@TempDir Path out) throws Exception {
    Scenario scenario = failing(8);
    Outcome one = run(scenario, threads(1), out.resolve("one-thread"));
    Hosting threeJvms = new Hosting.InProcess(
        Map.of("cloud-1", Set.of(NodeRole.CLOUD), "edge-a", Set.of(NodeRole.EDGE), "edge-b", Set.of(NodeRole.EDGE)),
        false, Duration.ofSeconds(30));
    Outcome four = run(scenario, threads(4), threeJvms, out.resolve("four-threads-three-jvms"));

    assertEquals(one.global(), four.global());
    assertEquals(virtual(one.rounds()), virtual(four.rounds()));
    assertNotEquals(Tensor.of(Networks.whole(scenario.model(), scenario.seed()).params()), one.global());
  }

  @Test
  void everySelectedDeviceIsAccountedForUnderFailures(@TempDir Path out) throws Exception {
    Outcome run = run(failing(12), out);
    List<RoundRecord> rounds = run.rounds();
    assertEquals(12, rounds.size());
    for (RoundRecord r : rounds) {
      assertEquals(r.selected(),
          r.arrived() + r.stragglers() + r.droppedOut() + r.crashed() + r.unreachable() + r.unanswered(),
          "round " + r.round());
      assertTrue(r.endMs() >= r.startMs());
    }
    for (ToIntFunction<RoundRecord> count : List.<ToIntFunction<RoundRecord>>of(RoundRecord::arrived,
        RoundRecord::stragglers, RoundRecord::droppedOut, RoundRecord::crashed, RoundRecord::unreachable,
        RoundRecord::duplicatesIgnored)) {
      assertTrue(rounds.stream().mapToInt(count).sum() > 0, "every kind of outcome happens in this scenario");
    }
    assertEquals(0, rounds.stream().mapToInt(RoundRecord::unanswered).sum(), "nothing is left to the safety net");
    assertTrue(rounds.stream().mapToDouble(RoundRecord::trainingWallMs).sum() > 0, "the devices' training is measured");
  }

  /**
   * 100 devices, 40 per round, two local steps: slow devices against a tight deadline, dropouts, crashes,
   * lossy and duplicating links that give up after one resend.
   */
  static Scenario failing(int rounds) throws Exception {
    return scenario(String.join("\n",
            "rounds = " + rounds + ", participants = 40, local-steps = 2, batch-size = 8, deadline = 150 ms",
            "eval-every = 4",
            "devices { count = 100, flops = { distribution = log-normal, median = 100 MFLOPS, sigma = 1 }",
            "  uplink = { distribution = uniform, min = 1 Mbps, max = 10 Mbps }, loss = 0.2, duplicate = 0.3",
            "  dropout = 0.1, crash = 0.05 }"),
        "runtime { max-retries = 1 }");
  }

  static Config threads(int n) {
    return ConfigFactory.parseString("edgeweave.compute-dispatcher.thread-pool-executor.fixed-pool-size = " + n);
  }

  /** What a round must reproduce exactly: its accounting, virtual times, loss, bytes and accuracy. */
  static List<List<Object>> virtual(List<RoundRecord> rounds) {
    return rounds.stream().map(r -> List.<Object>of(r.round(), r.selected(), r.arrived(), r.stragglers(),
        r.droppedOut(), r.crashed(), r.unreachable(), r.duplicatesIgnored(), r.startMs(), r.endMs(),
        r.trainLoss(), r.meanDownlinkMs(), r.meanComputeMs(), r.meanUplinkMs(), r.linkBytes(), r.transmissionsLost(),
        r.testAccuracy())).toList();
  }
}
