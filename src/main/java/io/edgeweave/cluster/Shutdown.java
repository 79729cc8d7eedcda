package io.edgeweave.cluster;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Ends an actor system and waits for it, a bounded time: the results are complete before it is called. A member of a
 * cluster leaves it on the way, through Pekko's coordinated shutdown, whose phases each have a timeout (cluster-exiting
 * waits 10 s for the cluster to see it leave). Never tell a member {@code Leave} and wait for it to stop: a Leave
 * only completes when the cluster converges, which takes as long as an unreachable member stays undowned, and a Leave
 * told before the member has joined is dropped (docs/development.md, known pitfalls).
 */
final class Shutdown {
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
}
