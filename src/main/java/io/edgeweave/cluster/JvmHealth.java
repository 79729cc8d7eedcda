package io.edgeweave.cluster;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * What Pekko Management reports of this JVM beside Pekko's own checks: whether it does what it was started for (a
 * node JVM once its agent hosts, a director once it has joined; {@link HostingReadyCheck}), and how many TLS
 * connections it refused ({@link AuditedSslEngineProvider}; {@code /security}).
 */
public final class JvmHealth implements Extension {
  private static final ExtensionId<JvmHealth> ID =
      new ExtensionId<>() {
        @Override
        public JvmHealth createExtension(ActorSystem<?> system) {
          return new JvmHealth();
        }
      };

  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicLong refusedConnections = new AtomicLong();

  public static JvmHealth get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  void markReady() {
    ready.set(true);
  }

  boolean isReady() {
    return ready.get();
  }

  void connectionRefused() {
    refusedConnections.incrementAndGet();
  }

  public long refusedConnections() {
    return refusedConnections.get();
  }
}
