package io.edgeweave.cluster;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/** How many TLS connections this JVM refused (a peer without a certificate of the cluster's CA, or not speaking TLS). */
public final class RefusedConnections implements Extension {
  private static final ExtensionId<RefusedConnections> ID =
      new ExtensionId<>() {
        @Override
        public RefusedConnections createExtension(ActorSystem<?> system) {
          return new RefusedConnections();
        }
      };

  private final AtomicLong count = new AtomicLong();

  public static RefusedConnections get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  void add() {
    count.incrementAndGet();
  }

  public long count() {
    return count.get();
  }
}
