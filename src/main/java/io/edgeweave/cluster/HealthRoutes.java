package io.edgeweave.cluster;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.HealthCheckSettings;
import org.apache.pekko.management.javadsl.CheckResult;
import org.apache.pekko.management.javadsl.HealthChecks;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * {@code /ready} and {@code /alive} over Pekko Management's health checks (the cluster-membership check and
 * {@link HostingReadyCheck}), answering 503 Service Unavailable while a check fails, as load balancers and
 * Kubernetes probes expect (Pekko's own routes answer 500); and {@code /security}: the TLS connections this JVM
 * refused ({@link JvmHealth}). Loaded by name from application.conf.
 */
public final class HealthRoutes implements ManagementRouteProvider {
  private final HealthChecks checks;
  private final HealthCheckSettings settings;
  private final JvmHealth health;

  public HealthRoutes(ExtendedActorSystem system) {
    this.settings = HealthCheckSettings.create(system.settings().config().getConfig("pekko.management.health-checks"));
    this.checks = new HealthChecks(system, settings);
    this.health = JvmHealth.get(Adapter.toTyped(system));
  }

  @Override
  public Route routes(ManagementRouteProviderSettings ignored) {
    return concat(
        check(settings.readinessPath(), checks::readyResult),
        check(settings.livenessPath(), checks::aliveResult),
        path("security", () -> get(() -> complete(HttpResponse.create().withEntity(
            ContentTypes.APPLICATION_JSON, "{\"refused_tls_connections\":" + health.refusedConnections() + "}")))));
  }

  private static Route check(String name, Supplier<CompletionStage<CheckResult>> result) {
    return path(name, () -> get(() -> onSuccess(result.get(), r -> r.isSuccess()
        ? complete(StatusCodes.OK, "OK")
        : complete(StatusCodes.SERVICE_UNAVAILABLE, "not ready: " + r.failure().orElse("a check failed")))));
  }
}
