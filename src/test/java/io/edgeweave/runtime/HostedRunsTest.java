package io.edgeweave.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A host's runs end when their director releases them or when the director's JVM leaves the cluster. */
@Tag("slow")
class HostedRunsTest {
  private final ActorTestKit hostJvm = ActorTestKit.create("hosted-runs", Runs.TEST_CONFIG);
  private final ActorTestKit directorJvm = ActorTestKit.create("hosted-runs", Runs.TEST_CONFIG);

  interface Command extends NoSerializationVerificationNeeded {}

  /** Host one actor of {@code runId} for {@code requester}, and reply with it. */
  record Host(String runId, ActorRef<?> requester, ActorRef<ActorRef<Void>> replyTo) implements Command {}

  record Release(String runId) implements Command {}

  record JvmLeft(Address address) implements Command {}

  private static Behavior<Command> host() {
    return Behaviors.setup(ctx -> {
      HostedRuns runs = HostedRuns.of(ctx, "host-jvm", JvmLeft::new);
      return Behaviors.receive(Command.class)
          .onMessage(Host.class, h -> {
            runs.hosting(h.runId(), h.requester());
            h.replyTo().tell(ctx.spawn(Behaviors.empty(), HostedRuns.childName(h.runId(), "node")));
            return Behaviors.same();
          })
          .onMessage(Release.class, r -> {
            runs.release(r.runId());
            return Behaviors.same();
          })
          .onMessage(JvmLeft.class, left -> {
            runs.directedFrom(left.address()).forEach(runs::release);
            return Behaviors.same();
          })
          .build();
    });
  }

  /** A reference from the director's JVM as a message brings it to the host's: with the director JVM's address. */
  private ActorRef<Object> asSeenByHost(ActorRef<Object> ref) {
    String serialized = ActorRefResolver.get(directorJvm.system()).toSerializationFormat(ref);
    return ActorRefResolver.get(hostJvm.system()).resolveActorRef(serialized);
  }

  @AfterEach
  void stop() {
    directorJvm.shutdownTestKit();
    hostJvm.shutdownTestKit();
  }

  @Test
  void aRunEndsWithItsDirectorsJvmAndOnlyThatRun() {
    Cluster host = Cluster.get(hostJvm.system());
    host.manager().tell(Join.create(host.selfMember().address()));
    Cluster.get(directorJvm.system()).manager().tell(Join.create(host.selfMember().address()));
    TestProbe<Object> until = hostJvm.createTestProbe();
    until.awaitAssert(Duration.ofSeconds(20), () -> {
      assertTrue(Cluster.get(directorJvm.system()).selfMember().status() == MemberStatus.up());
      return null;
    });

    ActorRef<Command> hostActor = hostJvm.spawn(host());
    TestProbe<ActorRef<Void>> hosted = hostJvm.createTestProbe();
    ActorRef<Object> remoteDirector = asSeenByHost(directorJvm.createTestProbe().ref());
    ActorRef<Object> localDirector = hostJvm.createTestProbe().ref();
    hostActor.tell(new Host("run-1", remoteDirector, hosted.ref()));
    ActorRef<Void> remoteRuns = hosted.receiveMessage();
    hostActor.tell(new Host("run-10", localDirector, hosted.ref()));
    ActorRef<Void> localRuns = hosted.receiveMessage();
    TestProbe<String> localRunStopped = hostJvm.createTestProbe();
    hostJvm.spawn(Behaviors.setup(ctx -> {
      ctx.watch(localRuns);
      return Behaviors.receive(Object.class).onSignal(Terminated.class, t -> {
        localRunStopped.ref().tell("stopped");
        return Behaviors.stopped();
      }).build();
    }));
    hostActor.tell(new Host("run-2", localDirector, hosted.ref()));
    ActorRef<Void> released = hosted.receiveMessage();

    TestProbe<Object> watcher = hostJvm.createTestProbe();
    hostActor.tell(new Release("run-2"));
    watcher.expectTerminated(released, Duration.ofSeconds(5));

    directorJvm.shutdownTestKit();
    watcher.expectTerminated(remoteRuns, Duration.ofSeconds(30));
    localRunStopped.expectNoMessage(Duration.ofMillis(500));
    hostActor.tell(new Release("run-10"));
    localRunStopped.expectMessage("stopped");
  }
}
