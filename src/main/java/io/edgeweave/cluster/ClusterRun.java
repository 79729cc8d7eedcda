package io.edgeweave.cluster;

import com.typesafe.config.Config;
import io.edgeweave.data.TrainTest;
import io.edgeweave.runtime.Hosting;
import io.edgeweave.runtime.RunControl;
import io.edgeweave.runtime.RunProgress;
import io.edgeweave.runtime.ScenarioDirector;
import io.edgeweave.scenario.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * Runs scenarios on the node JVMs of a cluster: this JVM joins with the role {@value #DIRECTOR_ROLE}, starts each
 * scenario's director as the cluster singleton of that role and waits for the end of the run; {@link #close()}
 * leaves. The run's files are written here; node JVMs only host actors. One run at a time per cluster, a run a standby
 * director took over included. Every {@link StandbyDirector} of the cluster is told of the run, to take it over if
 * this JVM dies.
 */
public final class ClusterRun implements AutoCloseable {
  /** The role of the JVM that directs a run; no node JVM has it, so losing a node never loses the director. */
  public static final String DIRECTOR_ROLE = "director";

  /** How long a JVM that joins to run a scenario waits for each standby director to say which run it directs. */
  private static final Duration ASK_STANDBYS = Duration.ofSeconds(5);

  /**
   * How long a JVM that joins to direct a run waits for a seed JVM on this machine to listen at all: a cluster started
   * here listens before {@code launch start} returns, so without one it says so at once. Seeds on other machines
   * (pods that may still be starting) get {@code join-timeout}.
   */
  private static final Duration LOCAL_SEEDS_LISTENING = Duration.ofSeconds(5);

  private final ActorSystem<Void> system;
  private final ClusterSettings settings;
  private int runs;

  private ClusterRun(ActorSystem<Void> system, ClusterSettings settings) {
    this.system = system;
    this.settings = settings;
  }

  /**
   * Joins the cluster as its director.
   *
   * @param config the configuration of this JVM ({@link ClusterConfig}), with its seed nodes
   * @throws IllegalArgumentException without seed nodes
   * @throws IllegalStateException if no seed node listens, this JVM cannot join in {@code join-timeout}, or another
   *     run is in progress
   */
  public static ClusterRun join(Config config) throws InterruptedException {
    ClusterSettings settings = ClusterSettings.of(config);
    if (settings.seeds().isEmpty()) {
      throw new IllegalArgumentException("no seed nodes: give --cluster host:port[,host:port...] or set EDGEWEAVE_SEEDS");
    }
    Duration listening = Membership.allLoopback(settings.seeds()) ? LOCAL_SEEDS_LISTENING : settings.joinTimeout();
    if (overTcp(config) && !Membership.anySeedListens(settings.seeds(), listening)) {
      throw new IllegalStateException("no cluster at " + String.join(",", settings.seeds())
          + ": nothing listens there (start one with cluster-config/launch start)");
    }
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), ClusterSettings.SYSTEM, config);
    try {
      Management.start(system);
    } catch (IllegalStateException e) {
      Shutdown.terminate(system);
      throw e;
    }
    Membership.awaitUp(system, settings);
    JvmHealth.get(system).markReady();
    ClusterRun run = new ClusterRun(system, settings);
    Optional<Address> other = run.otherDirector();
    if (other.isPresent()) {
      run.close();
      throw new IllegalStateException("the cluster is running another scenario (its director is at " + other.get() + ")");
    }
    Optional<String> takenOver = StandbyDirector.runDirected(system, ASK_STANDBYS);
    if (takenOver.isPresent()) {
      run.close();
      throw new IllegalStateException("the cluster is running another scenario (" + takenOver.get() + ")");
    }
    return run;
  }

  /**
   * Whether Artery runs over plain TCP here, where a seed that listens accepts a connection. Not over TLS, where a
   * seed would log and count a connection without a handshake as refused.
   */
  private static boolean overTcp(Config config) {
    return config.getString("pekko.remote.artery.transport").equals("tcp");
  }

  /** @param progress told of steps as the run goes (from actor threads) */
  public RunOutcome run(Scenario scenario, TrainTest data, Path directory, RunProgress progress)
      throws InterruptedException {
    return run(scenario, data, directory, progress, new RunControl(), false);
  }

  /**
   * @param control stops the run cleanly when its user asks (the director runs in this JVM)
   * @param resume continue the run in {@code directory} from its newest checkpoint
   */
  public RunOutcome run(
      Scenario scenario, TrainTest data, Path directory, RunProgress progress, RunControl control, boolean resume)
      throws InterruptedException {
    AwaitedRun outcome = new AwaitedRun(progress);
    Hosting hosting = new Hosting.Cluster(settings.minJvms(), settings.waitForNodes());
    RunTicket ticket = new RunTicket(directory.toAbsolutePath().toString(),
        Cluster.get(system).selfMember().address().toString(), settings.minJvms(), settings.waitForNodes().toMillis());
    ActorRef<StandbyDirector.Announcement> standbys = StandbyDirector.announce(system, ticket, "standbys-" + ++runs);
    ClusterSingleton.get(system)
        .init(
            SingletonActor.of(
                    ScenarioDirector.create(scenario, data, directory, outcome, hosting, control, resume), "director")
                .withSettings(ClusterSingletonSettings.create(system).withRole(DIRECTOR_ROLE)));
    system.getWhenTerminated().thenRun(() -> outcome.fail("this JVM left the cluster before the run ended"));
    try {
      return outcome.await();
    } finally {
      standbys.tell(StandbyDirector.RunEnded.INSTANCE);
    }
  }

  /** This JVM's actor system, a member of the cluster (to ask node JVMs for measurements). */
  public ActorSystem<Void> system() {
    return system;
  }

  /** Another director that is still a member; one that is leaving (the last run's, on a busy machine) is not. */
  private Optional<Address> otherDirector() {
    Cluster cluster = Cluster.get(system);
    Set<MemberStatus> gone = Set.of(MemberStatus.leaving(), MemberStatus.exiting(), MemberStatus.down(), MemberStatus.removed());
    return StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
        .filter(m -> m.hasRole(DIRECTOR_ROLE) && !m.equals(cluster.selfMember()) && !gone.contains(m.status()))
        .map(Member::address)
        .findFirst();
  }

  /**
   * Leaves the cluster and ends this JVM's actor system: the node JVMs see a departure, not a failure, when the
   * cluster converges within Pekko's coordinated-shutdown phases (see {@link Shutdown}); it ends anyway when not.
   */
  @Override
  public void close() throws InterruptedException {
    Shutdown.terminate(system);
  }
}
