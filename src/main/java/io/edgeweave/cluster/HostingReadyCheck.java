package io.edgeweave.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/** The readiness check Pekko Management loads by name (see application.conf): true once {@link JvmHealth} says so. */
public final class HostingReadyCheck implements Supplier<CompletionStage<Boolean>> {
  private final JvmHealth health;

  public HostingReadyCheck(ActorSystem system) {
    this.health = JvmHealth.get(Adapter.toTyped(system));
  }

  @Override
  public CompletionStage<Boolean> get() {
    return CompletableFuture.completedFuture(health.isReady());
  }
}
