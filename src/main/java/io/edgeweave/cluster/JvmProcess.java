package io.edgeweave.cluster;

import io.edgeweave.runtime.HostProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.remote.RemoteActorRefProvider;
import org.apache.pekko.remote.RemoteTransport;
import org.apache.pekko.remote.transport.ThrottlerTransportAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process faults of a node JVM, for real: a halt ends the process as a crash would, a pause stops it with SIGSTOP
 * from a helper process that sends SIGCONT later, and a partition drops every message between this JVM and the
 * other members at Artery's level (its blackhole, which needs {@code pekko.remote.artery.advanced.test-mode = on}).
 */
final class JvmProcess implements HostProcess {
  /** Exit status of a JVM halted by a kill-jvm fault: that of a process killed by SIGKILL. */
  static final int KILLED = 137;
  private static final Logger LOG = LoggerFactory.getLogger(JvmProcess.class);

  private final ActorSystem<?> system;

  JvmProcess(ActorSystem<?> system) {
    this.system = system;
  }

  @Override
  public void halt() {
    System.err.println("edgeweave node: halted by a kill-jvm fault");
    System.err.flush();
    Runtime.getRuntime().halt(KILLED);
  }

  @Override
  public void pause(Duration duration) {
    long pid = ProcessHandle.current().pid();
    String seconds = String.format(Locale.ROOT, "%.3f", duration.toNanos() / 1e9);
    try {
      new ProcessBuilder("sh", "-c", "kill -STOP " + pid + "; sleep " + seconds + "; kill -CONT " + pid)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the helper that pauses this JVM", e);
    }
  }

  @Override
  public void isolate(Duration duration) {
    if (!system.settings().config().getBoolean("pekko.remote.artery.advanced.test-mode")) {
      LOG.error("partition-jvm needs pekko.remote.artery.advanced.test-mode = on (cluster-config/cluster.conf)");
      return;
    }
    throttle(ThrottlerTransportAdapter.blackholeThrottleMode());
    system.scheduler().scheduleOnce(duration, () -> throttle(ThrottlerTransportAdapter.unthrottledThrottleMode()), system.executionContext());
  }

  @SuppressWarnings("deprecation") // Artery's blackhole is driven by the classic throttle command
  private void throttle(ThrottlerTransportAdapter.ThrottleMode mode) {
    ExtendedActorSystem classic = (ExtendedActorSystem) Adapter.toClassic(system);
    RemoteTransport transport = ((RemoteActorRefProvider) classic.provider()).transport();
    Cluster cluster = Cluster.get(system);
    for (Member member : cluster.state().getMembers()) {
      if (member.address().equals(cluster.selfMember().address())) continue;
      transport.managementCommand(
          new ThrottlerTransportAdapter.SetThrottle(
              member.address(), ThrottlerTransportAdapter.bothDirection(), mode));
    }
    LOG.warn("{} from every other JVM", mode == ThrottlerTransportAdapter.blackholeThrottleMode() ? "cut off" : "reconnected");
  }
}
