package io.edgeweave.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.edgeweave.runtime.LiveMetricsExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/** A cluster JVM serves its live metrics at /metrics on its management port. */
class MetricsRoutesTest {
  @Test
  void theManagementPortServesTheLiveMetrics() throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), ClusterSettings.SYSTEM, ConfigFactory
        .parseString("pekko.remote.artery.canonical.port = 0\npekko.management.http.port = 0")
        .withFallback(ConfigFactory.load()));
    try {
      String base = Management.start(system).replaceAll("/$", "");
      LiveMetricsExtension.of(system).transmitted("uplink", 1500, true, false);

      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(base + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());

      assertEquals(200, response.statusCode());
      assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
      assertTrue(response.body().contains("edgeweave_link_bytes_total{link=\"uplink\"} 1500.0"), response.body());
      assertTrue(response.body().contains("edgeweave_link_messages_dropped_total{link=\"uplink\"} 1.0"), response.body());
      assertTrue(response.body().contains("jvm_memory_used_bytes{area=\"heap\""));
    } finally {
      Shutdown.terminate(system);
    }
  }
}
