package io.edgeweave.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pekko Management on real node JVMs, asked over real HTTP: liveness, readiness before and after joining, members. */
class ManagementProcessTest {
  private static final Path LOGS = Path.of("target", "management-process-test");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  record Answer(int status, String body) {}

  @Test
  void aNodeIsAliveAtOnceAndReadyOnlyOnceItHasJoined() throws Exception {
    Files.createDirectories(LOGS);
    try (NodeJvms jvms = new NodeJvms(LOGS, Path.of("cluster-config/cluster.conf"), node -> Map.of())) {
      NodeJvms.Node cloud = jvms.add("cloud-1", "cloud"); // the first seed: the cluster starts with it
      NodeJvms.Node edge = jvms.add("edge-1", "edge");
      int edgeManagement = LocalProcesses.freePort();
      int cloudManagement = LocalProcesses.freePort();

      jvms.start(edge, List.of("--management-port", Integer.toString(edgeManagement), "--join-timeout", "180s"));
      Answer alive = awaitAnswer(edgeManagement, "/alive", Duration.ofMinutes(2));
      assertEquals(200, alive.status(), alive.body());
      Answer notYet = get(edgeManagement, "/ready");
      assertEquals(503, notYet.status(), "no cluster to join yet: " + notYet.body());

      jvms.start(cloud, List.of("--management-port", Integer.toString(cloudManagement)));
      jvms.awaitAllUp(Duration.ofMinutes(3));
      assertEquals(200, get(edgeManagement, "/ready").status());
      assertEquals(200, get(cloudManagement, "/ready").status());

      JsonNode members = new ObjectMapper().readTree(get(cloudManagement, "/cluster/members").body());
      assertEquals(2, members.get("members").size(), members.toString());
      members.get("members").forEach(m -> assertEquals("Up", m.get("status").asText(), m.toString()));
      assertTrue(members.get("unreachable").isEmpty(), members.toString());
      assertEquals("{\"refused_tls_connections\":0}", get(edgeManagement, "/security").body());
    }
  }

  private static Answer get(int port, String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20)).build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  /** The first answer of an endpoint that is still starting (connections refused until it listens). */
  private static Answer awaitAnswer(int port, String path, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return get(port, path);
      } catch (ConnectException e) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("nothing listens on " + port + path);
        Thread.sleep(250);
      }
    }
  }
}
