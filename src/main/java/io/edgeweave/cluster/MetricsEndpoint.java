package io.edgeweave.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.Config;
import io.edgeweave.runtime.LiveMetricsExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Serves a JVM's live metrics for Prometheus at {@code http://host:port/metrics} while its actor system runs, when
 * {@code edgeweave.metrics.endpoint} is on. It stops with the actor system.
 */
public final class MetricsEndpoint {
  static final String PATH = "/metrics";
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private MetricsEndpoint() {}

  /**
   * Starts the endpoint if the configuration asks for it. When the port cannot be had, the JVM goes on without one and
   * says so on standard error, in one line.
   *
   * @return the address it serves at, empty if off
   */
  public static Optional<String> start(ActorSystem<?> system) {
    Config c = system.settings().config().getConfig("edgeweave.metrics");
    if (!c.getBoolean("endpoint")) return Optional.empty();
    String host = c.getString("host");
    int port = c.getInt("port");
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException | RuntimeException e) {
      System.err.println("edgeweave: no metrics endpoint: cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")");
      return Optional.empty();
    }
    server.createContext(PATH, exchange -> respond(exchange, system));
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "edgeweave-metrics-endpoint");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    system.getWhenTerminated().thenRun(() -> server.stop(0));
    String address = "http://" + host + ":" + server.getAddress().getPort() + PATH;
    System.err.println("edgeweave: metrics at " + address);
    return Optional.of(address);
  }

  private static void respond(HttpExchange exchange, ActorSystem<?> system) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = LiveMetricsExtension.scrape(system).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
