package io.edgeweave.cluster;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * Whether this JVM does what it was started for: a node JVM once its agent hosts, a director JVM once it has joined.
 * Pekko Management's {@code /ready} asks it through {@link HostingReadyCheck}, beside its own cluster-membership check.
 */
public final class Readiness implements Extension {
  private static final ExtensionId<Readiness> ID =
      new ExtensionId<>() {
        @Override
        public Readiness createExtension(ActorSystem<?> system) {
          return new Readiness();
        }
      };

  private final AtomicBoolean ready = new AtomicBoolean();

  public static Readiness get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  void markReady() {
    ready.set(true);
  }

  boolean isReady() {
    return ready.get();
  }
}
