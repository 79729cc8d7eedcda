package io.edgeweave.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * Ends an actor system and waits for it, a bounded time: the results are complete before it is called. A member of a
 * cluster leaves it on the way, through Pekko's coordinated shutdown, whose phases each have a timeout (cluster-exiting
 * waits 10 s for the cluster to see it leave). Never tell a member {@code Leave} and wait for it to stop: a Leave
 * only completes when the cluster converges, which takes as long as an unreachable member stays undowned, and a Leave
 * told before the member has joined is dropped. Nor wait for the end of a system without a bound: with TLS, Pekko
 * 1.7.0 can wait forever for an Artery stream after its phases (docs/development.md, known pitfalls).
 */
final class Shutdown {
  /** How long a system may take to end after its coordinated shutdown ran every phase. */
  private static final Duration AFTER_PHASES = Duration.ofSeconds(5);

  private Shutdown() {}

  static void terminate(ActorSystem<?> system) throws InterruptedException {
    system.terminate();
    awaitTermination(system);
  }

  static void awaitTermination(ActorSystem<?> system) throws InterruptedException {
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // a slow shutdown changes nothing
    }
  }

  /**
   * Waits, however long the system runs, until it has ended, or until its coordinated shutdown has started (the JVM
   * left the cluster, was downed or stopped) and had its phases' time and {@link #AFTER_PHASES} more to end.
   */
  static void awaitEnd(ActorSystem<?> system) throws InterruptedException {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(Adapter.toClassic(system));
    CompletableFuture<Done> started = new CompletableFuture<>();
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "edgeweave-shutdown-started", () -> {
      started.complete(Done.getInstance());
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    CompletableFuture<?> ended = system.getWhenTerminated().toCompletableFuture();
    CompletableFuture.anyOf(started, ended).join();
    try {
      ended.get(shutdown.totalTimeout().toMillis() + AFTER_PHASES.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // the JVM ends anyway: everything the system had to do is done
    }
  }
}
