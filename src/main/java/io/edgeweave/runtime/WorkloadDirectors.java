package io.edgeweave.runtime;

import io.edgeweave.data.TrainTest;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.WorkloadSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.apache.pekko.actor.typed.Behavior;

/**
 * The director of each workload type, gathered from every {@link Provider} listed in
 * {@code META-INF/services/io.edgeweave.runtime.WorkloadDirectors$Provider}: a workload's package registers its
 * director, so {@code runtime} imports no workload package (as {@code scenario.WorkloadReaders} lists readers).
 */
public final class WorkloadDirectors {
  /** Starts the director of one workload. */
  @FunctionalInterface
  public interface Director<S extends WorkloadSpec> {
    Behavior<?> create(S spec, RunSetup setup);
  }

  /**
   * What every director starts from.
   *
   * @param out the run folder
   * @param hosting where the run's actors live: agents of this JVM, or the node JVMs of a cluster
   * @param control tells the director when its user asks it to stop
   * @param resume continue the run in {@code out} from its newest checkpoint instead of starting it
   * @param takenOver how a standby director took the run over; null if none did
   */
  public record RunSetup(
      Scenario scenario,
      TrainTest data,
      Path out,
      RunListener listener,
      Hosting hosting,
      RunControl control,
      boolean resume,
      TakenOver takenOver) {}

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

  /** The director of one workload type; its runs live in one JVM or on the node JVMs of a cluster. */
  public <S extends WorkloadSpec> void register(Class<S> type, Director<S> director) {
    if (byType.putIfAbsent(type, director) != null) throw new IllegalStateException("two directors for " + type.getName());
  }

  /** The workload specs that have a director. */
  static Set<Class<? extends WorkloadSpec>> types() {
    return Set.copyOf(ALL.byType.keySet());
  }

  static Behavior<?> create(RunSetup setup) {
    WorkloadSpec spec = setup.scenario().workload();
    Director<?> director = ALL.byType.get(spec.getClass());
    if (director == null) throw new IllegalArgumentException("no director for workload type " + spec.type());
    return start(director, spec, setup);
  }

  @SuppressWarnings("unchecked")
  private static <S extends WorkloadSpec> Behavior<?> start(Director<S> director, WorkloadSpec spec, RunSetup setup) {
    return director.create((S) spec, setup);
  }
}
