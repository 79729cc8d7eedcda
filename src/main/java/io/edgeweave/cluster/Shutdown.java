package io.edgeweave.cluster;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;

/** Ends an actor system and waits for it, a bounded time: the results are complete before it is called. */
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
