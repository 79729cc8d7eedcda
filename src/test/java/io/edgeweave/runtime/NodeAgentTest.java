package io.edgeweave.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.data.DataException;
import io.edgeweave.data.TrainTest;
import io.edgeweave.scenario.DataSpec;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.ShardingSpec;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class NodeAgentTest {
  private static final ActorTestKit KIT = ActorTestKit.create(Runs.TEST_CONFIG);

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  /** Registered in src/test/resources/META-INF/services: answers with the name of the JVM it runs on. */
  public static final class NameService implements JvmService {
    static final ServiceKey<Ask> KEY = ServiceKey.create(Ask.class, "test-name-service");

    public record Ask(ActorRef<String> replyTo) implements CborSerializable {}

    @Override
    public String name() {
      return "name-service";
    }

    @Override
    public Behavior<Ask> create(HostedJvm jvm) {
      return Behaviors.setup(ctx -> {
        ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
        return Behaviors.receiveMessage(ask -> {
          ask.replyTo().tell(jvm.name() + " " + jvm.roles());
          return Behaviors.same();
        });
      });
    }
  }

  @Test
  void anAgentStartsEveryRegisteredJvmServiceWithItsJvm() {
    KIT.spawn(NodeAgent.create("jvm-a", Set.of(NodeRole.CLOUD), HostProcess.IN_PROCESS, new JvmData(Optional.empty())));
    TestProbe<Receptionist.Listing> listings = KIT.createTestProbe();
    TestProbe<String> answers = KIT.createTestProbe();

    listings.awaitAssert(() -> {
      KIT.system().receptionist().tell(Receptionist.find(NameService.KEY, listings.getRef()));
      Set<ActorRef<NameService.Ask>> found = listings.receiveMessage().getServiceInstances(NameService.KEY);
      assertEquals(1, found.size());
      found.iterator().next().tell(new NameService.Ask(answers.getRef()));
      return null;
    });

    assertEquals("jvm-a [CLOUD]", answers.receiveMessage());
  }

  @Test
  void jvmDataIsLoadedOnceAndRefusesDataThatIsNotTheDirectors() {
    TrainTest director = Runs.data(7);
    JvmData jvm = JvmData.holding(director);
    long fingerprint = director.train().fingerprint();

    assertSame(director, jvm.load(null, Runs.MODEL, 7, fingerprint));
    DataSpec synthetic =
        new DataSpec(DataSpec.DataSource.SYNTHETIC, Path.of("."), 0, 0, 512, 200, new ShardingSpec(ShardingSpec.Scheme.IID, 1, 1));
    DataException refused = assertThrows(DataException.class, () -> jvm.load(synthetic, Runs.MODEL, 99, fingerprint + 1));
    assertTrue(refused.getMessage().contains("differs from the director's"), refused.getMessage());
  }
}
