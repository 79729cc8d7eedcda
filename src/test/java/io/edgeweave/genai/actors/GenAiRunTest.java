package io.edgeweave.genai.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.edgeweave.data.SyntheticDataset;
import io.edgeweave.data.TrainTest;
import io.edgeweave.genai.VaeShape;
import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.nn.Nd4jSetup;
import io.edgeweave.runtime.Hosting;
import io.edgeweave.runtime.PhaseProgress;
import io.edgeweave.runtime.RunControl;
import io.edgeweave.runtime.RunListener;
import io.edgeweave.runtime.ScenarioDirector;
import io.edgeweave.runtime.TakenOver;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioLoader;
import io.edgeweave.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole genai run over actors with serialisation on, tiny and on synthetic 28×28 data. */
public class GenAiRunTest {
  /** A tiny genai scenario on synthetic data, every strategy: other tests of genai runs start from it. */
  public static final String SCENARIO = """
      name = tiny-genai
      seed = 3
      nodes { a { role = edge }, b { role = edge, flops = 5 GFLOPS }, c { role = cloud, flops = 1 TFLOPS } }
      links { la { from = a, to = c, rate = 20 Mbps }, lb { from = b, to = c } }
      data { source = synthetic, synthetic { train = 400, test = 200 }, sharding { scheme = classes, classes-per-shard = 5 } }
      workload {
        type = genai, cloud = c, edges = [a, b]
        experts = [{ hidden = [16], latent = 3 }, { hidden = [24], latent = 4 }]
        baseline { hidden = [16], latent = 3 }
        local { epochs = 1, batch-size = 50 }
        categories { low = [0, 1, 2, 3, 4], high = [5, 6, 7, 8, 9] }
        top-k = 1
        assembly { samples = 200, epochs = 1 }
        fedavg { rounds = 2 }
        personalisation { epochs = 1, min-share = 0.2 }
        serving { requests = 12, images = 2 }
        quality { samples-per-class = 8, referee { channels = [2, 4], features = 8, epochs = 1 } }
      }
      """;

  @Test
  void everyStrategyIsBuiltJudgedAndServed(@TempDir Path out) throws Exception {
    Nd4jSetup.singleThreaded();
    Scenario scenario = ScenarioLoader.parse(SCENARIO + "output { directory = \"" + out + "\" }", "tiny.conf", List.of());
    TrainTest data = SyntheticDataset.generate(4, 400, 200, 784, 10);
    List<PhaseProgress> phases = new CopyOnWriteArrayList<>();
    RunSummary summary = run(scenario, data, out, new RunControl(), false, phases::add);
    assertEquals(RunStatus.COMPLETED, summary.status(), summary.error());
      assertEquals(6 * 12, summary.stepsCommitted(), "every request of every strategy was served");
      assertTrue(phases.containsAll(List.of(
          new PhaseProgress("local training", 1, 6, "a", 1, 1), new PhaseProgress("local training", 1, 6, "b", 1, 1),
          new PhaseProgress("assembly", 2, 6, "fine-tune", 1, 1), new PhaseProgress("personalisation", 3, 6, "b", 1, 1),
          new PhaseProgress("fedavg", 4, 6, "a", 2, 2), new PhaseProgress("centralised", 5, 6, "c", 1, 1),
          new PhaseProgress("serving", 6, 6, "deployed", 6, 6))), "progress by phase, node and epoch: " + phases);
    Map<String, JsonNode> rows = new HashMap<>();
    new ObjectMapper().readTree(out.resolve("results.json").toFile()).forEach(r -> rows.put(r.get("strategy").asText(), r));
    assertEquals(List.of("edge-only", "fedavg", "centralised", "freeze", "fine-tune", "deployed").stream().sorted().toList(),
        rows.keySet().stream().sorted().toList());
    assertEquals(0, rows.get("edge-only").get("upBytes").asLong());
    assertEquals(1.0, rows.get("edge-only").get("edgeShare").asDouble(), "no cloud model to go to");
    assertEquals(0.0, rows.get("freeze").get("edgeShare").asDouble(), "no edge model to use");
    long model = 4L * new VaeShape(784, 10, List.of(16), 3).parameterCount() + Transfer.HEADER_BYTES;
    assertEquals(2 * 2 * model, rows.get("fedavg").get("upBytes").asLong(), "2 rounds × 2 edges × one model");
    assertEquals(3 * 2 * model, rows.get("fedavg").get("downBytes").asLong(), "2 rounds and the final model, to 2 edges");
    long uploads = rows.get("freeze").get("upBytes").asLong();
    assertEquals(uploads, rows.get("fine-tune").get("upBytes").asLong());
    assertTrue(uploads > 4L * new VaeShape(784, 10, List.of(16), 3).parameterCount(), "both experts uploaded");
    assertTrue(rows.get("deployed").get("downBytes").asLong() > 0);
    for (JsonNode r : rows.values()) {
      assertTrue(r.get("frechet").asDouble() >= 0 && r.get("fidelity").asDouble() <= 1, r.toString());
      assertTrue(r.get("frechetHalfWidth").asDouble() > 0, "a bootstrap interval: " + r);
      assertTrue(r.get("readyMs").asDouble() > 0, r.toString());
    }
    // one meaning of "time to ready": each strategy counts the stages it needs, none of another's
    double edge = rows.get("edge-only").get("readyMs").asDouble();
    double freeze = rows.get("freeze").get("readyMs").asDouble();
    double fineTune = rows.get("fine-tune").get("readyMs").asDouble();
    assertTrue(edge < freeze && freeze < fineTune, "local training, then the cheaper frozen assembly: " + rows);
    assertTrue(fineTune < rows.get("deployed").get("readyMs").asDouble(), "deployment after the fine-tuned model");
    assertTrue(Files.readString(out.resolve("comparison.md")).contains("the routing is an oracle's"));
    for (String file : List.of("comparison.md", "quality.csv", "requests.csv", "samples.png", "summary.json")) {
      assertTrue(Files.size(out.resolve(file)) > 0, file);
    }
    assertEquals(1 + 6 * 12, Files.readAllLines(out.resolve("requests.csv")).size());
  }

  /** Runs a scenario in one JVM, over actors with serialisation on, and returns its summary. */
  static RunSummary run(Scenario scenario, TrainTest data, Path out, RunControl control, boolean resume,
      Consumer<PhaseProgress> onPhase) throws Exception {
    return run(scenario, data, out, control, resume, onPhase, null);
  }

  /** @param takenOver how a standby director took the run over; null if none did */
  static RunSummary run(Scenario scenario, TrainTest data, Path out, RunControl control, boolean resume,
      Consumer<PhaseProgress> onPhase, TakenOver takenOver) throws Exception {
    ActorTestKit kit = ActorTestKit.create(ConfigFactory.parseString(
        "pekko.actor.serialize-messages = on\npekko.actor.provider = local\n").withFallback(ConfigFactory.load()));
    CompletableFuture<RunSummary> done = new CompletableFuture<>();
    try {
      kit.spawn(ScenarioDirector.create(scenario, data, out, new RunListener() {
        @Override
        public void onStep(StepRecord step, int totalSteps) {}

        @Override
        public void onPhase(PhaseProgress progress) {
          onPhase.accept(progress);
        }

        @Override
        public void onFinished(RunSummary summary, List<Tensor> parameters) {
          done.complete(summary);
        }
      }, Hosting.local(), control, resume, takenOver));
      return done.get(300, TimeUnit.SECONDS);
    } finally {
      kit.shutdownTestKit();
    }
  }
}
