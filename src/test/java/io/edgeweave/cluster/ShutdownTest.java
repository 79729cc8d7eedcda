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
 * A JVM waits for the end of its actor system a bounded time once the system's coordinated shutdown has started, so
 * that a system that never finishes ending (an actor that does not stop here; an Artery stream in Pekko 1.7.0) cannot
 * keep a node JVM alive.
 */
class ShutdownTest {
  @Test
  void theWaitForASystemThatNeverEndsEndsAfterItsShutdownPhases() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ActorSystem<Void> system = ActorSystem.create(
        Behaviors.setup(ctx -> {
          ctx.spawn(Behaviors.receive(Object.class).onSignal(PostStop.class, stop -> {
            release.await(); // holds the system's end until the test lets go
            return Behaviors.same();
          }).build(), "stuck");
          return Behaviors.empty();
        }),
        "shutdown-test",
        ConfigFactory.parseString("""
            pekko.actor.provider = local
            pekko.coordinated-shutdown.default-phase-timeout = 1 s
            pekko.coordinated-shutdown.phases.actor-system-terminate.timeout = 1 s
            """).withFallback(ConfigFactory.load()));
    try {
      Thread waiting = new Thread(() -> {
        try {
          Shutdown.awaitEnd(system);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      waiting.start();
      Thread.sleep(200); // the wait has begun, the system is running
      long start = System.nanoTime();
      system.terminate();
      waiting.join(Duration.ofSeconds(20).toMillis());
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertFalse(waiting.isAlive(), "the wait ended");
      assertFalse(system.whenTerminated().isCompleted(), "while the system had not");
      assertTrue(took.compareTo(Duration.ofSeconds(12)) < 0, "2 s of phases and 5 s more, not " + took.toMillis() + " ms");
    } finally {
      release.countDown();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
