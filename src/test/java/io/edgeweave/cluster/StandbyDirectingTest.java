package io.edgeweave.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.edgeweave.runtime.Runs;
import io.edgeweave.scenario.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that joins to run a scenario asks each standby director up which run it directs (what makes {@code run
 * --cluster} refuse while a standby directs a run it took over): none, then the run it took over. One JVM of role
 * {@code standby} stands for the cluster; the run's director is a member that never existed, removed as downed.
 */
class StandbyDirectingTest {
  private static final ActorTestKit KIT = ActorTestKit.create(
      ConfigFactory.parseString("pekko.cluster.roles = [" + StandbyDirector.ROLE + "]").withFallback(Runs.TEST_CONFIG));
  private static final String DEAD_DIRECTOR = "pekko://edgeweave@127.0.0.1:1";

  @TempDir static Path folder;

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void aStandbySaysWhichRunItTookOverAndNoneBefore() throws Exception {
    Cluster cluster = Cluster.get(KIT.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    while (!cluster.selfMember().status().equals(MemberStatus.up())) Thread.sleep(10);
    Scenario scenario = Runs.twoNodes("standby-test", 20, Runs.link("l", "device", "cloud", 1e6, 1), List.of(), folder);
    RunReader reader = new RunReader() {
      @Override
      public Loaded read(Path run) {
        return new Loaded(scenario, Runs.data(11));
      }

      @Override
      public Optional<String> resumeProblem(Path run) {
        return Optional.empty();
      }
    };
    // the name a standby has in its JVM, where the JVM that joins looks for it
    ActorRef<StandbyDirector.Command> standby = KIT.spawn(StandbyDirector.create(reader), "standby");
    assertEquals(Optional.empty(), StandbyDirector.runDirected(KIT.system(), Duration.ofSeconds(5)), "it directs nothing yet");

    // no node JVM hosts the run: resumed, it waits for one, directed from the standby
    standby.tell(new StandbyDirector.Watch(new RunTicket(folder.toString(), DEAD_DIRECTOR, 1, 60_000)));
    standby.tell(new StandbyDirector.Left(DEAD_DIRECTOR, true));
    Optional<String> directed = Optional.empty();
    for (long deadline = System.nanoTime() + 20_000_000_000L; directed.isEmpty() && System.nanoTime() < deadline; Thread.sleep(20)) {
      directed = StandbyDirector.runDirected(KIT.system(), Duration.ofSeconds(5));
    }
    assertTrue(directed.isPresent(), "the standby took the run over");
    assertEquals("the standby director at " + cluster.selfMember().address() + " directs run " + folder
        + ", taken over when its director died", directed.get());
  }
}
