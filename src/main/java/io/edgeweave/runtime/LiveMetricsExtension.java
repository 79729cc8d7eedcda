package io.edgeweave.runtime;

import io.edgeweave.metrics.LiveMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The live metrics of one actor system: a Prometheus registry that the actors of this JVM count into (links, metrics
 * sinks), whether or not an endpoint serves it ({@code cluster.MetricsEndpoint}).
 */
public final class LiveMetricsExtension implements Extension {
  private static final ExtensionId<LiveMetricsExtension> ID = new ExtensionId<>() {
    @Override
    public LiveMetricsExtension createExtension(ActorSystem<?> system) {
      return new LiveMetricsExtension();
    }
  };

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final LiveMetrics metrics = new LiveMetrics(registry);

  private LiveMetricsExtension() {}

  public static LiveMetrics of(ActorSystem<?> system) {
    return ID.apply(system).metrics;
  }

  /** The figures in Prometheus's text format. */
  public static String scrape(ActorSystem<?> system) {
    return ID.apply(system).registry.scrape();
  }
}
