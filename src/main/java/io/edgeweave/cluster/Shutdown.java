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
 * Ends actor systems, and waits for their end a bounded time. A member of a cluster leaves it on the way, through
 * Pekko's coordinated shutdown, whose phases each have a timeout (cluster-exiting waits 10 s for the cluster to see
 * it leave). Never tell a member {@code Leave} and wait for it to stop: a Leave only completes when the cluster
 * converges, which takes as long as an unreachable member stays undowned, and a Leave told before the member has
 * joined is dropped. Nor wait for the end of a system without a bound once its phases have run: over TLS, Pekko 1.7.0
 * sometimes never closes an outbound connection and waits for it forever (docs/development.md, known pitfalls).
 */
final class Shutdown {
  /** How long a system may take to end after its coordinated shutdown ran every phase. */
  private static final Duration AFTER_PHASES = Duration.ofSeconds(5);

  private Shutdown() {}

  /** Ends the system (the results are complete before it is called) and waits for it, a bounded time. */
  static void terminate(ActorSystem<?> system) throws InterruptedException {
    coordinated(system).runAll(CoordinatedShutdown.actorSystemTerminateReason());
    awaitEndOfShutdown(system);
  }

  /**
   * Waits, however long the system runs, until it has ended, or until its coordinated shutdown (the JVM leaves the
   * cluster, is downed or stopped) has had the time of every phase and {@link #AFTER_PHASES} more.
   */
  static void awaitEnd(ActorSystem<?> system) throws InterruptedException {
    CompletableFuture<Done> started = new CompletableFuture<>();
    CoordinatedShutdown shutdown = coordinated(system);
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "edgeweave-shutdown-started", () -> {
      started.complete(Done.getInstance());
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    if (shutdown.getShutdownReason().isPresent()) started.complete(Done.getInstance()); // begun before the task was added
    try {
      CompletableFuture.anyOf(started, system.getWhenTerminated().toCompletableFuture()).get();
    } catch (ExecutionException e) {
      return; // it ended
    }
    awaitEndOfShutdown(system);
  }

  /**
   * Waits for the end of a system whose coordinated shutdown has begun, at most the time of its phases and
   * {@link #AFTER_PHASES}; not on the future of the phases, which may never complete once the system (its scheduler)
   * has ended.
   */
  private static void awaitEndOfShutdown(ActorSystem<?> system) throws InterruptedException {
    long boundMs = coordinated(system).totalTimeout().toMillis() + AFTER_PHASES.toMillis();
    try {
      system.getWhenTerminated().toCompletableFuture().get(boundMs, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // the JVM goes on (or ends) anyway: everything the system had to do is done
    }
  }

  private static CoordinatedShutdown coordinated(ActorSystem<?> system) {
    return CoordinatedShutdown.get(Adapter.toClassic(system));
  }
}
