package io.edgeweave.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runtime's own figures as Micrometer meters, updated while a run goes, from where the run's files are fed: each
 * link counts what it carries, the metrics sinks count committed steps and rounds. Thread-safe; one per JVM's actor
 * system. Names as Prometheus shows them:
 *
 * <ul>
 *   <li>{@code edgeweave_link_messages_total}, {@code edgeweave_link_bytes_total},
 *       {@code edgeweave_link_messages_dropped_total}, {@code edgeweave_link_messages_duplicated_total} by {@code link}
 *       (every attempt counted; collaborative fleets as one {@code link="devices"});
 *   <li>{@code edgeweave_steps_total} / {@code edgeweave_rounds_total}, {@code edgeweave_retries_total},
 *       {@code edgeweave_virtual_time_seconds}, {@code edgeweave_wall_time_seconds},
 *       {@code edgeweave_steps_per_second} / {@code edgeweave_rounds_per_second} by {@code scenario} (steps a recovery
 *       computes again count again);
 *   <li>{@code jvm_memory_used_bytes}, {@code jvm_memory_max_bytes} ... by {@code area} (heap among them).
 * </ul>
 */
public final class LiveMetrics {
  private final MeterRegistry registry;
  private final Map<String, LinkMeters> links = new ConcurrentHashMap<>();
  private final Map<String, RunMeters> runs = new ConcurrentHashMap<>();

  public LiveMetrics(MeterRegistry registry) {
    this.registry = registry;
    new JvmMemoryMetrics().bindTo(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** One transmission on {@code link} (an attempt: a resent message counts again). */
  public void transmitted(String link, long bytes, boolean dropped, boolean duplicated) {
    LinkMeters m = links.computeIfAbsent(link, id -> new LinkMeters(registry, id));
    m.messages.increment();
    m.bytes.increment(bytes);
    if (dropped) m.dropped.increment();
    if (duplicated) m.duplicated.increment();
  }

  /** What a run counts: training steps or collaborative rounds. */
  public enum Unit {
    STEPS,
    ROUNDS;

    String meterName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A run starts: its meters appear (at zero) and its wall clock starts. */
  public void runStarted(String scenario, Unit unit) {
    run(scenario, unit);
  }

  /** A committed step of a split-training run. */
  public void stepCommitted(String scenario, StepRecord step) {
    RunMeters run = run(scenario, Unit.STEPS);
    run.done.incrementAndGet();
    run.virtualMs = step.virtualTimeMs();
    run.retries.increment(step.retries());
  }

  /** A completed round of a collaborative run; its devices' links count as one. */
  public void roundCompleted(String scenario, RoundRecord round) {
    RunMeters run = run(scenario, Unit.ROUNDS);
    run.done.incrementAndGet();
    run.virtualMs = round.endMs();
    run.retries.increment(round.transmissionsLost());
    LinkMeters fleet = links.computeIfAbsent("devices", id -> new LinkMeters(registry, id));
    fleet.bytes.increment(round.linkBytes());
    fleet.dropped.increment(round.transmissionsLost());
    fleet.duplicated.increment(round.transmissionsDuplicated());
  }

  private RunMeters run(String scenario, Unit unit) {
    return runs.computeIfAbsent(scenario + "/" + unit, k -> new RunMeters(registry, scenario, unit.meterName()));
  }

  private static final class LinkMeters {
    final Counter messages;
    final Counter bytes;
    final Counter dropped;
    final Counter duplicated;

    LinkMeters(MeterRegistry registry, String link) {
      messages = Counter.builder("edgeweave.link.messages").description("transmissions on the link, attempts counted")
          .tag("link", link).register(registry);
      bytes = Counter.builder("edgeweave.link.bytes").description("bytes put on the link").baseUnit("bytes")
          .tag("link", link).register(registry);
      dropped = Counter.builder("edgeweave.link.messages.dropped").description("transmissions the link lost")
          .tag("link", link).register(registry);
      duplicated = Counter.builder("edgeweave.link.messages.duplicated").description("transmissions delivered twice")
          .tag("link", link).register(registry);
    }
  }

  private static final class RunMeters {
    final AtomicLong done = new AtomicLong();
    final Counter retries;
    final long startNanos = System.nanoTime();
    volatile double virtualMs;

    RunMeters(MeterRegistry registry, String scenario, String unit) {
      FunctionCounter.builder("edgeweave." + unit, done, AtomicLong::get).description(unit + " completed")
          .tag("scenario", scenario).register(registry);
      retries = Counter.builder("edgeweave.retries").description("messages re-sent").tag("scenario", scenario)
          .register(registry);
      Gauge.builder("edgeweave.virtual.time", this, r -> r.virtualMs / 1000).baseUnit("seconds")
          .description("the run's virtual clock").tag("scenario", scenario).register(registry);
      Gauge.builder("edgeweave.wall.time", this, RunMeters::wallSeconds).baseUnit("seconds")
          .description("wall-clock time since the run started").tag("scenario", scenario).register(registry);
      Gauge.builder("edgeweave." + unit + ".per.second", this, r -> r.wallSeconds() > 0 ? r.done.get() / r.wallSeconds() : 0)
          .description(unit + " completed per wall-clock second").tag("scenario", scenario).register(registry);
    }

    double wallSeconds() {
      return (System.nanoTime() - startNanos) / 1e9;
    }
  }
}
