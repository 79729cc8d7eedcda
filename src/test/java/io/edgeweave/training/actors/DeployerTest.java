package io.edgeweave.training.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeweave.runtime.Runs;
import io.edgeweave.scenario.FaultSpec;
import io.edgeweave.scenario.FaultSpec.FaultKind;
import io.edgeweave.scenario.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployerTest {
  private static final ActorTestKit KIT = ActorTestKit.create(Runs.TEST_CONFIG);

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void aStrikeAtANodeNoJvmHostsIsReportedMissedSoTheStepItHoldsCanGoOn(@TempDir Path out) {
    Scenario scenario = Runs.twoNodes("nothing-deployed", 10, Runs.link("l", "device", "cloud", 1e9, 1), List.of(), out);
    ActorRef<Deployer.Command> deployer = KIT.spawn(Deployer.create(
        scenario, "run-1", new SplitHost.OwnedData(scenario.data(), 0, 0), Duration.ofSeconds(1), 1, false));
    TestProbe<Deployer.Outcome> director = KIT.createTestProbe();
    FaultSpec kill = Runs.nodeFault(FaultKind.KILL_JVM, "device", 3);

    deployer.tell(new Deployer.Strike(kill, director.getRef()));

    assertEquals(new Deployer.StrikeMissed(kill), director.receiveMessage());
  }
}
