package io.edgeweave.cluster;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import io.edgeweave.runtime.LiveMetricsExtension;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * {@code GET /metrics} on a cluster JVM's management port: its live metrics in Prometheus's text format. Loaded by name
 * from application.conf. (A single-JVM run has no management port: {@link MetricsEndpoint} serves it there.)
 */
public final class MetricsRoutes implements ManagementRouteProvider {
  private final ActorSystem<?> system;

  public MetricsRoutes(ExtendedActorSystem system) {
    this.system = Adapter.toTyped(system);
  }

  @Override
  public Route routes(ManagementRouteProviderSettings ignored) {
    return path("metrics", () -> get(() ->
        complete(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, LiveMetricsExtension.scrape(system)))));
  }
}
