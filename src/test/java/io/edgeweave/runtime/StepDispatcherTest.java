package io.edgeweave.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A message from another JVM is decoded by Artery on a thread of the step dispatcher and handled there by an actor of
 * that dispatcher (ADR 38): two actor systems of the jar's configuration, talking over Artery TCP on loopback.
 */
class StepDispatcherTest {
  private static final Config REMOTE = ConfigFactory.parseString("""
      pekko.actor.provider = remote
      pekko.remote.warn-about-direct-use = off
      pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
      """).withFallback(ConfigFactory.load());
  private static final ActorTestKit SENDER = ActorTestKit.create("sender", REMOTE);
  private static final ActorTestKit RECEIVER = ActorTestKit.create("receiver", REMOTE);

  /** Where a message was decoded (filled in when it is read, not sent) and who answers. */
  record Probe(String decodedOn, ActorRef<Handled> replyTo) implements CborSerializable {
    @JsonCreator
    static Probe read(@JsonProperty("replyTo") ActorRef<Handled> replyTo) {
      return new Probe(Thread.currentThread().getName(), replyTo);
    }
  }

  record Handled(String decodedOn, String handledOn) implements CborSerializable {}

  private static Behavior<Probe> threadReporter() {
    return Behaviors.receiveMessage(p -> {
      p.replyTo().tell(new Handled(p.decodedOn(), Thread.currentThread().getName()));
      return Behaviors.same();
    });
  }

  @AfterAll
  static void stop() {
    SENDER.shutdownTestKit();
    RECEIVER.shutdownTestKit();
  }

  @Test
  void remotingDecodesOnTheThreadsOfTheActorsItFeeds() {
    assertEquals(ScenarioDirector.STEP_DISPATCHER, REMOTE.getString("pekko.remote.artery.advanced.use-dispatcher"));
    assertEquals(ScenarioDirector.STEP_DISPATCHER, REMOTE.getString("pekko.io.tcp.worker-dispatcher"));

    ActorRef<Probe> local = RECEIVER.spawn(threadReporter(), DispatcherSelector.fromConfig(ScenarioDirector.STEP_DISPATCHER));
    String address = ActorRefResolver.get(RECEIVER.system()).toSerializationFormat(local);
    ActorRef<Probe> remote = ActorRefResolver.get(SENDER.system()).resolveActorRef(address);
    TestProbe<Handled> replies = SENDER.createTestProbe();

    remote.tell(new Probe("not decoded", replies.getRef()));
    Handled handled = replies.receiveMessage(Duration.ofSeconds(20));

    String stepThreads = "receiver-" + ScenarioDirector.STEP_DISPATCHER + "-";
    assertTrue(handled.decodedOn().startsWith(stepThreads), "decoded on " + handled.decodedOn());
    assertTrue(handled.handledOn().startsWith(stepThreads), "handled on " + handled.handledOn());
  }
}
