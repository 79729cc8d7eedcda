package io.edgeweave.genai.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.ConfigFactory;
import io.edgeweave.data.Dataset;
import io.edgeweave.data.SyntheticDataset;
import io.edgeweave.data.TrainTest;
import io.edgeweave.genai.Cvae;
import io.edgeweave.genai.ExpertMixture;
import io.edgeweave.genai.GenAiSetup;
import io.edgeweave.genai.HierarchicalGate;
import io.edgeweave.genai.MixtureSnapshot;
import io.edgeweave.genai.RequestStream;
import io.edgeweave.genai.TaskCategories;
import io.edgeweave.genai.VaeShape;
import io.edgeweave.genai.VaeSnapshot;
import io.edgeweave.nn.Nd4jSetup;
import io.edgeweave.scenario.GenAiSpec;
import io.edgeweave.scenario.GenAiSpec.Strategy;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioLoader;
import io.edgeweave.tensor.Tensor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The privacy rule: an edge device's training images never leave it. The edge is driven through every part
 * of its protocol (local training and upload, a FedAvg round, a deployment to personalise, requests served
 * locally and through the cloud), every message it sends is captured with serialisation on, the captured
 * types must cover every type it can send, and no tensor or float array in them contains any of its
 * training images, at any offset.
 */
class GenEdgePrivacyTest {
  static ActorTestKit kit;

  @BeforeAll
  static void start() {
    Nd4jSetup.singleThreaded();
    kit = ActorTestKit.create(ConfigFactory.parseString(
        "pekko.actor.serialize-messages = on\npekko.actor.provider = local\n").withFallback(ConfigFactory.load()));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  static final String SCENARIO = """
      name = privacy
      nodes { d { role = edge }, c { role = cloud } }
      links { l { from = d, to = c } }
      data { source = synthetic, synthetic { train = 300, test = 100 } }
      workload {
        type = genai, cloud = c, edges = [d]
        experts = [{ hidden = [16], latent = 3 }]
        baseline { hidden = [12], latent = 2 }
        local { epochs = 1, batch-size = 32 }
        fedavg { rounds = 1, local-epochs = 1 }
        personalisation { epochs = 1 }
        categories { low = [0, 1, 2], high = [3, 4, 5, 6, 7, 8, 9] }
        top-k = 1
      }
      """;

  @Test
  void noTrainingImageLeavesAnEdgeInAnyMessage() throws Exception {
    Scenario scenario = ScenarioLoader.parse(SCENARIO, "privacy.conf", List.of());
    GenAiSpec spec = (GenAiSpec) scenario.workload();
    TrainTest data = SyntheticDataset.generate(3, 300, 100, 784, 10);
    int[] shard = IntStream.range(0, 120).toArray();
    VaeShape shape = new VaeShape(784, 10, List.of(16), 3);
    TestProbe<GenLink.Command> link = kit.createTestProbe();
    TestProbe<GenEdge.Report> director = kit.createTestProbe();
    ActorRef<GenEdge.Command> edge = kit.spawn(GenEdge.create(0, scenario.node("d"), 1e12,
        scenario.links().get("l"), spec, data.train(), shard, shape, 1, director.getRef(), GenEdge.Fate.NONE));
    edge.tell(new GenEdge.Connect(link.getRef(), java.util.Map.of()));
    List<Object> sent = new ArrayList<>();

    edge.tell(GenEdge.TrainLocal.INSTANCE);
    sent.add(link.receiveMessage(java.time.Duration.ofSeconds(60)));
    nextReport(director, sent);

    VaeShape baseline = new VaeShape(784, 10, List.of(12), 2);
    edge.tell(new Delivered("c", new Transfer.GlobalModel(0, false,
        VaeSnapshot.of(Cvae.of(baseline, Cvae.initialParameters(baseline, 4)))), 0));
    sent.add(link.receiveMessage(java.time.Duration.ofSeconds(60)));

    TaskCategories categories = GenAiSetup.categories(spec, 10);
    long[][] counts = {{40, 40, 40, 0, 0, 0, 0, 0, 0, 0}};
    ExpertMixture big = ExpertMixture.assemble(List.of(Cvae.of(shape, Cvae.initialParameters(shape, 5))),
        HierarchicalGate.fromCounts(categories, counts, 1, DataType.FLOAT), ExpertMixture.Strategy.FINE_TUNE);
    int low = categories.categoryOf(1);
    edge.tell(new Delivered("c", new Transfer.TaskDeployment(low, MixtureSnapshot.of(big.cut(low))), 0));
    nextReport(director, sent);

    double[] poor = new double[10];
    double[] good = new double[10];
    Arrays.fill(good, 1);
    long[] flops = new long[10];
    Arrays.fill(flops, 1000);
    edge.tell(new GenEdge.Serve(new RequestStream.Request(0, 0, 1, 2, 1e6, 1e6 + 50, 0.5), Strategy.DEPLOYED, good, good, flops));
    nextReport(director, sent);
    edge.tell(new GenEdge.Serve(new RequestStream.Request(1, 0, 2, 2, 2e6, 2e6 + 50, 0.5), Strategy.DEPLOYED, poor, good, flops));
    GenLink.Carry remote = (GenLink.Carry) link.receiveMessage();
    sent.add(remote);
    edge.tell(new Delivered("c", new Transfer.Generated(1, Strategy.DEPLOYED.name(), Tensor.of(new int[] {2, 784}, new float[2 * 784]), 2e6 + 30), 2e6 + 40));
    nextReport(director, sent);
    link.expectNoMessage(java.time.Duration.ofMillis(200));
    director.expectNoMessage(java.time.Duration.ofMillis(100));

    // a kill-jvm fault after the first local epoch: the edge reports it and trains no further
    ActorRef<GenEdge.Command> struck = kit.spawn(GenEdge.create(0, scenario.node("d"), 1e12, scenario.links().get("l"),
        spec, data.train(), shard, shape, 1, director.getRef(),
        new GenEdge.Fate(io.edgeweave.runtime.HostProcess.IN_PROCESS, 1, 0, () -> false)));
    struck.tell(new GenEdge.Connect(link.getRef(), java.util.Map.of()));
    struck.tell(GenEdge.TrainLocal.INSTANCE);
    nextReport(director, sent);
    assertEquals(new GenEdge.Killed(0, 0), sent.get(sent.size() - 1));
    link.expectNoMessage(java.time.Duration.ofMillis(200));

    Set<Class<?>> types = new HashSet<>();
    for (Object m : sent) {
      if (m instanceof GenLink.Carry carry) {
        assertEquals("d", carry.senderNode());
        types.add(carry.transfer().getClass());
      } else {
        types.add(m.getClass());
      }
    }
    Set<Class<?>> expected = new HashSet<>(Arrays.asList(GenEdge.Report.class.getPermittedSubclasses()));
    expected.addAll(List.of(Transfer.ExpertUpload.class, Transfer.LocalUpdate.class, Transfer.RemoteGeneration.class));
    assertEquals(expected.stream().map(Class::getSimpleName).collect(Collectors.toSet()),
        types.stream().map(Class::getSimpleName).collect(Collectors.toSet()), "every message type an edge sends was exercised");

    Dataset train = data.train();
    List<float[]> images = IntStream.of(shard).mapToObj(i -> Arrays.copyOfRange(train.x(), i * 784, (i + 1) * 784)).toList();
    for (Object m : sent) assertNoImage(m, images, m.getClass().getSimpleName());
    assertInstanceOf(Transfer.RemoteGeneration.class, remote.transfer());
  }

  /** The edge's next report other than progress and checkpoints; every report received goes to {@code sent}. */
  private static void nextReport(TestProbe<GenEdge.Report> director, List<Object> sent) {
    GenEdge.Report report;
    do {
      report = director.receiveMessage(java.time.Duration.ofSeconds(60));
      sent.add(report);
    } while (report instanceof Progressed || report instanceof UnitTrained);
  }

  /** Walks records, lists and arrays; fails if any float data holds one of {@code images} at any offset. */
  static void assertNoImage(Object value, List<float[]> images, String where) throws Exception {
    if (value == null) return;
    if (value instanceof Tensor t) {
      assertNoImage(t.toFloats(), images, where);
    } else if (value instanceof float[] floats) {
      for (float[] image : images) assertFalse(contains(floats, image), where + " holds a training image");
    } else if (value instanceof Object[] array) {
      for (int i = 0; i < array.length; i++) assertNoImage(array[i], images, where + "[" + i + "]");
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) assertNoImage(list.get(i), images, where + "[" + i + "]");
    } else if (value.getClass().isRecord()) {
      for (RecordComponent c : value.getClass().getRecordComponents()) {
        assertNoImage(c.getAccessor().invoke(value), images, where + "." + c.getName());
      }
    }
  }

  static boolean contains(float[] data, float[] image) {
    for (int at = 0; at + image.length <= data.length; at++) {
      int k = 0;
      while (k < image.length && data[at + k] == image[k]) k++;
      if (k == image.length) return true;
    }
    return false;
  }
}
