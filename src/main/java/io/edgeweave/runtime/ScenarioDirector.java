package io.edgeweave.runtime;

import io.edgeweave.collab.Fleet;
import io.edgeweave.data.TrainTest;
import io.edgeweave.scenario.CollaborativeTrainingSpec;
import io.edgeweave.scenario.NodeRole;
import io.edgeweave.scenario.Scenario;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Runs one scenario: starts the director of its workload type and stops when it has finished. In a single JVM, agents stand for the
 * JVMs (one, by default) for every workload, with their {@link JvmService}s; an agent is started again after a
 * kill-jvm fault stopped it, as a process supervisor restarts a crashed JVM. The guardian of a single-JVM run; the cluster singleton of a multi-JVM run.
 */
public final class ScenarioDirector {
  /** Dispatcher for actors that compute (ND4J): kept off Pekko's default dispatcher. */
  public static final String COMPUTE_DISPATCHER = "edgeweave.compute-dispatcher";
  /** Dispatcher for actors whose messages are short steps of a run's path, shared with Pekko's remoting (ADR 38). */
  public static final String STEP_DISPATCHER = "edgeweave.step-dispatcher";

  private ScenarioDirector() {}

  /** A single-JVM run. */
  public static Behavior<Void> create(Scenario scenario, TrainTest data, Path outputDirectory, RunListener listener) {
    return create(scenario, data, outputDirectory, listener, Hosting.local());
  }

  public static Behavior<Void> create(
      Scenario scenario, TrainTest data, Path outputDirectory, RunListener listener, Hosting hosting) {
    return create(scenario, data, outputDirectory, listener, hosting, new RunControl(), false);
  }

  /**
   * @param control tells the director when its user asks it to stop
   * @param resume continue the run in {@code outputDirectory} from its newest checkpoint
   */
  public static Behavior<Void> create(
      Scenario scenario,
      TrainTest data,
      Path outputDirectory,
      RunListener listener,
      Hosting hosting,
      RunControl control,
      boolean resume) {
    return create(scenario, data, outputDirectory, listener, hosting, control, resume, null);
  }

  /** @param takenOver how a standby director took the run over (it resumes the run); null if none did */
  public static Behavior<Void> create(
      Scenario scenario,
      TrainTest data,
      Path outputDirectory,
      RunListener listener,
      Hosting hosting,
      RunControl control,
      boolean resume,
      TakenOver takenOver) {
    return Behaviors.setup(
        ctx -> {
          WorkloadDirectors.RunSetup setup =
              new WorkloadDirectors.RunSetup(scenario, data, outputDirectory, listener, hosting, control, resume, takenOver);
          ctx.watch(ctx.spawn(WorkloadDirectors.create(setup), "director"));
          if (hosting instanceof Hosting.InProcess local) return new LocalAgents(ctx, local, data, listener).behavior();
          return untilTheDirectorStops(listener);
        });
  }

  private static Behavior<Void> untilTheDirectorStops(RunListener listener) {
    return Behaviors.receive(Void.class).onSignal(Terminated.class, t -> stopped(listener)).build();
  }

  private static Behavior<Void> stopped(RunListener listener) {
    listener.onStopped();
    return Behaviors.stopped();
  }

  /**
   * Checks of a scenario against its loaded data, before anything runs or is written.
   *
   * @throws io.edgeweave.data.DataException naming what does not fit
   */
  public static void checkData(Scenario scenario, TrainTest data) {
    if (scenario.workload() instanceof CollaborativeTrainingSpec collaborative) {
      Fleet.shards(scenario, collaborative, data);
    }
  }

  /** The agents of a single-JVM run, each standing for a JVM, started again after a kill when asked. */
  private static final class LocalAgents {
    private final ActorContext<Void> ctx;
    private final Hosting.InProcess hosting;
    private final JvmData data;
    private final RunListener listener;
    private final Map<ActorRef<NodeAgent.Command>, String> agents = new HashMap<>();
    private int started;

    LocalAgents(
        ActorContext<Void> ctx,
        Hosting.InProcess hosting,
        TrainTest preloaded,
        RunListener listener) {
      this.ctx = ctx;
      this.listener = listener;
      this.hosting = hosting;
      this.data = JvmData.holding(preloaded);
      hosting.agents().keySet().forEach(this::start);
    }

    Behavior<Void> behavior() {
      return Behaviors.receive(Void.class).onSignal(Terminated.class, this::onTerminated).build();
    }

    private void start(String name) {
      Set<NodeRole> roles = hosting.agents().get(name);
      ActorRef<NodeAgent.Command> agent =
          ctx.spawn(
              NodeAgent.create(name, roles, HostProcess.IN_PROCESS, data),
              "agent-" + name + "-" + started++);
      ctx.watch(agent);
      agents.put(agent, name);
    }

    private Behavior<Void> onTerminated(Terminated terminated) {
      String name = agents.remove(terminated.getRef());
      if (name == null) return stopped(listener); // the director has finished
      if (hosting.restartKilled()) start(name);
      return Behaviors.same();
    }
  }
}
