package io.edgeweave.genai.actors;

import com.typesafe.config.ConfigFactory;
import io.edgeweave.data.SyntheticDataset;
import io.edgeweave.data.TrainTest;
import io.edgeweave.genai.VaeShape;
import io.edgeweave.nn.Nd4jSetup;
import io.edgeweave.runtime.HostProcess;
import io.edgeweave.scenario.GenAiSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;

/** An edge whose run is released while it trains stops at the end of the epoch: it uploads and reports nothing. */
class GenEdgeReleaseTest {
  @Test
  void aReleasedEdgeAbandonsItsLocalTrainingAtTheNextEpoch() throws Exception {
    Nd4jSetup.singleThreaded();
    ActorTestKit kit = ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local\n")
        .withFallback(ConfigFactory.load()));
    try {
      Scenario scenario = ScenarioLoader.parse(
          GenEdgePrivacyTest.SCENARIO + "workload.local.epochs = 3\n", "release.conf", List.of());
      TrainTest data = SyntheticDataset.generate(3, 300, 100, 784, 10);
      AtomicBoolean released = new AtomicBoolean();
      TestProbe<GenLink.Command> link = kit.createTestProbe();
      TestProbe<GenEdge.Report> director = kit.createTestProbe();
      ActorRef<GenEdge.Command> edge = kit.spawn(Released.stopsWhenReleased(GenEdge.create(0, scenario.node("d"), 1e12,
          scenario.links().get("l"), (GenAiSpec) scenario.workload(), data.train(), IntStream.range(0, 120).toArray(),
          new VaeShape(784, 10, List.of(16), 3), 1, director.getRef(),
          new GenEdge.Fate(HostProcess.IN_PROCESS, GenEdge.NO_KILL, -1, released::get))));
      edge.tell(new GenEdge.Connect(link.getRef(), Map.of()));
      released.set(true); // as its host does on Release, which the edge reads at the end of its first epoch
      edge.tell(GenEdge.TrainLocal.INSTANCE);

      director.expectTerminated(edge, Duration.ofSeconds(60));
      director.expectNoMessage(Duration.ofMillis(100));
      link.expectNoMessage(Duration.ofMillis(100));
    } finally {
      kit.shutdownTestKit();
    }
  }
}
