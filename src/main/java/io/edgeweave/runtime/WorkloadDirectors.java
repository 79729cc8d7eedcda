package io.edgeweave.runtime;

import io.edgeweave.data.TrainTest;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.WorkloadSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * The director of each workload type, gathered from every {@link Provider} listed in
 * {@code META-INF/services/io.edgeweave.runtime.WorkloadDirectors$Provider}: a workload's package registers its
 * director, so {@code runtime} imports no workload package (as {@code scenario.WorkloadReaders} lists readers).
 */
public final class WorkloadDirectors {
  /** Starts the director of one workload; {@code deployer} is null unless the workload places nodes on JVMs. */
  @FunctionalInterface
  public interface Director<S extends WorkloadSpec> {
    Behavior<?> create(Scenario scenario, S spec, TrainTest data, Path out, RunListener listener, ActorRef<Deployer.Command> deployer);
  }

  /** One package's directors. */
  public interface Provider {
    void register(WorkloadDirectors directors);
  }

  private static final WorkloadDirectors ALL = load();

  private final Map<Class<? extends WorkloadSpec>, Director<?>> byType = new LinkedHashMap<>();

  private WorkloadDirectors() {}

  private static WorkloadDirectors load() {
    WorkloadDirectors directors = new WorkloadDirectors();
    ServiceLoader.load(Provider.class, WorkloadDirectors.class.getClassLoader()).forEach(p -> p.register(directors));
    return directors;
  }

  public <S extends WorkloadSpec> void register(Class<S> type, Director<S> director) {
    if (byType.putIfAbsent(type, director) != null) throw new IllegalStateException("two directors for " + type.getName());
  }

  /** The workload specs that have a director. */
  static Set<Class<? extends WorkloadSpec>> types() {
    return Set.copyOf(ALL.byType.keySet());
  }

  static Behavior<?> create(Scenario scenario, TrainTest data, Path out, RunListener listener, ActorRef<Deployer.Command> deployer) {
    WorkloadSpec spec = scenario.workload();
    Director<?> director = ALL.byType.get(spec.getClass());
    if (director == null) throw new IllegalArgumentException("no director for workload type " + spec.type());
    return start(director, spec, scenario, data, out, listener, deployer);
  }

  @SuppressWarnings("unchecked")
  private static <S extends WorkloadSpec> Behavior<?> start(Director<S> director, WorkloadSpec spec, Scenario scenario,
      TrainTest data, Path out, RunListener listener, ActorRef<Deployer.Command> deployer) {
    return director.create(scenario, (S) spec, data, out, listener, deployer);
  }
}
