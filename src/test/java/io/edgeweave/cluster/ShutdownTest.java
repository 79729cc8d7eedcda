package io.edgeweave.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/**
 * Waiting for the end of an actor system is bounded once its coordinated shutdown has run: a system that never
 * finishes ending (here an actor that does not stop; over TLS, an Artery connection in Pekko 1.7.0) holds neither the
 * JVM that terminates it nor a node JVM that waits for it. The phases last 1 s each here.
 */
class ShutdownTest {
  /** Two phases of 1 s (before-service-unbind, actor-system-terminate), 5 s after them, and a margin. */
  private static final Duration BOUND = Duration.ofSeconds(12);

  @Test
  void terminateReturnsAfterThePhasesOfASystemThatNeverEnds() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ActorSystem<Void> system = neverEnding(release);
    try {
      long start = System.nanoTime();
      Shutdown.terminate(system);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertFalse(system.whenTerminated().isCompleted(), "the system had not ended");
      assertTrue(took.compareTo(BOUND) < 0, "returned after " + took.toMillis() + " ms");
    } finally {
      release.countDown();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aNodeJvmStopsWaitingForASystemThatNeverEndsAfterItsPhases() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ActorSystem<Void> system = neverEnding(release);
    try {
      Thread node = new Thread(() -> {
        try {
          Shutdown.awaitEnd(system);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      node.start();
      Thread.sleep(200);
      assertTrue(node.isAlive(), "it waits while the system runs");
      long start = System.nanoTime();
      system.terminate();
      node.join(Duration.ofSeconds(20).toMillis());
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertFalse(node.isAlive(), "the wait ended");
      assertFalse(system.whenTerminated().isCompleted(), "while the system had not");
      assertTrue(took.compareTo(BOUND) < 0, "after " + took.toMillis() + " ms");
    } finally {
      release.countDown();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * A system with an actor that does not stop until {@code release}, returned once that actor runs (a system
   * terminated before its guardian spawned it would end at once).
   */
  private static ActorSystem<Void> neverEnding(CountDownLatch release) throws InterruptedException {
    CountDownLatch stuck = new CountDownLatch(1);
    ActorSystem<Void> system = ActorSystem.create(
        Behaviors.setup(ctx -> {
          ctx.spawn(Behaviors.setup(self -> {
            stuck.countDown();
            return Behaviors.receive(Object.class).onSignal(PostStop.class, stop -> {
              release.await();
              return Behaviors.same();
            }).build();
          }), "stuck");
          return Behaviors.empty();
        }),
        "shutdown-test",
        ConfigFactory.parseString("""
            pekko.actor.provider = local
            pekko.coordinated-shutdown.default-phase-timeout = 1 s
            pekko.coordinated-shutdown.phases.actor-system-terminate.timeout = 1 s
            """).withFallback(ConfigFactory.load()));
    assertTrue(stuck.await(10, TimeUnit.SECONDS), "the actor that does not stop started");
    return system;
  }
}
