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
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Serves a JVM's live metrics for Prometheus at {@code http://host:port/metrics} while its actor system runs, when
 * {@code edgeweave.metrics.endpoint} is on. It stops when closed, or else with the actor system.
 */
public final class MetricsEndpoint implements AutoCloseable {
  static final String PATH = "/metrics";
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final AtomicBoolean open = new AtomicBoolean(true);

  private MetricsEndpoint(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts the endpoint if the configuration asks for it. When the port cannot be had, the JVM goes on without one and
   * says so on standard error, in one line.
   *
   * @return the running endpoint, empty if off or the port was taken
   */
  public static Optional<MetricsEndpoint> start(ActorSystem<?> system) {
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
    MetricsEndpoint endpoint = new MetricsEndpoint(server);
    system.getWhenTerminated().thenRun(endpoint::close);
    System.err.println("edgeweave: metrics at http://" + host + ":" + server.getAddress().getPort() + PATH);
    return Optional.of(endpoint);
  }

  /**
   * Stops listening and closes every open connection, kept-alive ones too, before it returns: a caller that closes
   * the endpoint when its run ends knows nothing is answered after that.
   */
  @Override
  public void close() {
    if (open.getAndSet(false)) server.stop(0);
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
