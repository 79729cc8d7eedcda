package io.edgeweave.cluster;

import com.typesafe.config.Config;
import io.edgeweave.data.TrainTest;
import io.edgeweave.runtime.Hosting;
import io.edgeweave.runtime.RunProgress;
import io.edgeweave.runtime.ScenarioDirector;
import io.edgeweave.scenario.Scenario;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.Leave;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * Runs a scenario on the node JVMs of a cluster: this JVM joins with the role {@value #DIRECTOR_ROLE}, starts the
 * scenario's director as the cluster singleton of that role, waits for the end of the run, and leaves. The run's
 * files are written here; node JVMs only host actors. One run at a time per cluster.
 */
public final class ClusterRun {
  /** The role of the JVM that directs a run; no node JVM has it, so losing a node never loses the director. */
  public static final String DIRECTOR_ROLE = "director";

  private ClusterRun() {}

  /**
   * @param config the configuration of this JVM ({@link ClusterConfig}), with its seed nodes
   * @param progress told of steps as the run goes (from actor threads)
   */
  public static RunOutcome run(Scenario scenario, TrainTest data, Path directory, RunProgress progress, Config config)
      throws InterruptedException {
    ClusterSettings settings = ClusterSettings.of(config);
    if (settings.seeds().isEmpty()) {
      throw new IllegalArgumentException("no seed nodes: give --cluster host:port[,host:port...] or set EDGEWEAVE_SEEDS");
    }
    AwaitedRun outcome = new AwaitedRun(progress);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), ClusterSettings.SYSTEM, config);
    try {
      awaitUp(system, settings);
      otherDirector(system).ifPresent(other -> {
        throw new IllegalStateException("the cluster is running another scenario (its director is at " + other + ")");
      });
      Hosting hosting = new Hosting.Cluster(settings.minJvms(), settings.waitForNodes());
      ClusterSingleton.get(system)
          .init(
              SingletonActor.of(ScenarioDirector.create(scenario, data, directory, outcome, hosting), "director")
                  .withSettings(ClusterSingletonSettings.create(system).withRole(DIRECTOR_ROLE)));
      system.getWhenTerminated().thenRun(() -> outcome.fail("this JVM left the cluster before the run ended"));
      return outcome.await();
    } finally {
      leave(system);
    }
  }

  private static void awaitUp(ActorSystem<Void> system, ClusterSettings settings) throws InterruptedException {
    CompletableFuture<Void> up = new CompletableFuture<>();
    org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() -> up.complete(null));
    try {
      up.get(settings.joinTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new IllegalStateException(
          "could not join the cluster at " + String.join(",", settings.seeds()) + " in " + settings.joinTimeout().toSeconds()
              + " s");
    }
  }

  private static Optional<Address> otherDirector(ActorSystem<Void> system) {
    Cluster cluster = Cluster.get(system);
    return StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
        .filter(m -> m.hasRole(DIRECTOR_ROLE) && !m.equals(cluster.selfMember()))
        .map(Member::address)
        .findFirst();
  }

  /** Leaves the cluster gracefully, so that the node JVMs see a departure, not a failure. */
  private static void leave(ActorSystem<Void> system) throws InterruptedException {
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Leave.create(cluster.selfMember().address()));
    Shutdown.awaitTermination(system);
    Shutdown.terminate(system);
  }
}
