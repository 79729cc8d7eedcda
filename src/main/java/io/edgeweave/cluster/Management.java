package io.edgeweave.cluster;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.management.javadsl.PekkoManagement;

/**
 * Pekko Management's HTTP endpoint of a cluster JVM: {@code /alive}, {@code /ready}, {@code /cluster/members} and the
 * other read-only cluster routes, bound where {@code pekko.management.http} says (127.0.0.1 by default).
 */
final class Management {
  private Management() {}

  /**
   * Starts the endpoint; returns its base URL.
   *
   * @throws IllegalStateException in one line, e.g. when the port is taken
   */
  static String start(ActorSystem<?> system) throws InterruptedException {
    var config = system.settings().config().getConfig("pekko.management.http");
    String where = config.getString("hostname") + ":" + config.getString("port");
    Cluster.get(system); // the cluster extension first: its routes and checks use it, and it is slow to start under TLS
    try {
      return PekkoManagement.get(Adapter.toClassic(system)).start().toCompletableFuture().get(20, TimeUnit.SECONDS).toString();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException("cannot open the management endpoint at " + where + ": " + cause.getMessage());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the management endpoint at " + where + " did not open in 20 s");
    }
  }
}
