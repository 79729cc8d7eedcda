package io.edgeweave.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Node JVMs on 127.0.0.1 for tests: {@code edgeweave node} processes started from this JVM's classpath, their output in
 * log files. {@link #close()} destroys every process it started and their children (SIGTERM, then SIGKILL), and so
 * does a shutdown hook if this JVM ends first: no test leaves a process behind.
 */
final class NodeJvms implements AutoCloseable {
  /** A node JVM: its name, role and port. */
  record Node(String name, String role, int port) {
    String address() {
      return "127.0.0.1:" + port;
    }
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern MANAGEMENT = Pattern.compile("management (\\S+)");

  private final Path logs;
  private final Path config;
  private final Function<Node, Map<String, String>> environment;
  private final NodeJvms cluster;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, Process> processes = new ConcurrentHashMap<>();
  private final Map<String, Integer> starts = new ConcurrentHashMap<>();
  private final Thread reaper = new Thread(this::destroyAll, "node-jvms-reaper");
  private volatile boolean closing;

  /**
   * @param environment each node's environment on top of this JVM's (certificates, timings)
   */
  NodeJvms(Path logs, Path config, Function<Node, Map<String, String>> environment) {
    this(logs, config, environment, null);
  }

  /** JVMs that join the cluster of {@code cluster} (its seeds) instead of forming their own. */
  NodeJvms(Path logs, Path config, Function<Node, Map<String, String>> environment, NodeJvms cluster) {
    this.logs = logs;
    this.config = config;
    this.environment = environment;
    this.cluster = cluster == null ? this : cluster;
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /** A node on a free port (not started); of role {@value StandbyDirector#ROLE}, a standby director. */
  Node add(String name, String role) {
    Node node = new Node(name, role, LocalProcesses.freePort());
    nodes.put(name, node);
    return node;
  }

  /** The first three nodes of the cluster, as {@code host:port,...}. */
  String seeds() {
    return String.join(",", cluster.nodes.values().stream().limit(3).map(Node::address).toList());
  }

  Node node(String name) {
    return nodes.get(name);
  }

  /** Starts every node that is not running; a node started again rejoins the running cluster. */
  void startMissing() {
    for (Node node : nodes.values()) {
      Process p = processes.get(node.name());
      if (p == null || !p.isAlive()) start(node, List.of());
    }
  }

  /** Starts one JVM of {@code node} with extra arguments of {@code edgeweave node}. */
  Process start(Node node, List<String> extraArguments) {
    int start = starts.merge(node.name(), 1, Integer::sum);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dorg.bytedeco.javacpp.maxbytes=768m", "-Dorg.bytedeco.javacpp.maxphysicalbytes=0",
        "-cp", System.getProperty("java.class.path"),
        "io.edgeweave.cli.Main"));
    if (node.role().equals(StandbyDirector.ROLE)) command.add("standby");
    else command.addAll(List.of("node", "--role", node.role()));
    command.addAll(List.of("--name", node.name(), "--port", Integer.toString(node.port()),
        "--seeds", seeds(), "--config", config.toString()));
    command.addAll(extraArguments);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment.apply(node));
    builder.environment().put("OMP_NUM_THREADS", "1");
    builder.environment().put("EDGEWEAVE_LOG_LEVEL", "INFO");
    if (start > 1) builder.environment().put("EDGEWEAVE_REJOIN", "true");
    builder.redirectOutput(logs.resolve(node.name() + "-" + start + ".out").toFile());
    builder.redirectError(logs.resolve(node.name() + "-" + start + ".err").toFile());
    try {
      Process process = builder.start();
      processes.put(node.name(), process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until every node's latest JVM says it is up. */
  void awaitAllUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Node node : nodes.values()) {
      while (!up(node)) {
        Process p = processes.get(node.name());
        if (p != null && !p.isAlive()) {
          throw new IllegalStateException(node.name() + " exited with " + p.exitValue() + ": " + errors(node));
        }
        if (System.nanoTime() > deadline) throw new IllegalStateException(node.name() + " is not up: " + errors(node));
        Thread.sleep(200);
      }
    }
  }

  /**
   * Waits until the first node's JVM lists the node JVMs as the members, all Up, and no other: the JVMs a test starts
   * then join a cluster that the last test's JVMs have left (one that joins while a departed JVM is still listed spends
   * 20 s trying to reach it, and a Leave waits for the cluster to converge).
   */
  void awaitOnlyNodesListed(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Node first = nodes.values().iterator().next();
    Set<String> expected = new TreeSet<>();
    nodes.values().forEach(n -> expected.add("pekko://" + ClusterSettings.SYSTEM + "@" + n.address()));
    while (true) {
      JsonNode state = JSON.readTree(HTTP.send(
          HttpRequest.newBuilder(URI.create(management(first) + "/cluster/members")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      Set<String> listed = new TreeSet<>();
      boolean allUp = true;
      for (JsonNode m : state.get("members")) {
        listed.add(m.get("node").asText());
        allUp &= m.get("status").asText().equals("Up");
      }
      if (listed.equals(expected) && allUp && state.get("unreachable").isEmpty()) return;
      if (System.nanoTime() > deadline) throw new IllegalStateException("the cluster lists other members: " + state);
      Thread.sleep(200);
    }
  }

  /** The URL of the management endpoint of a node's latest JVM, from the line that says it is up. */
  private String management(Node node) {
    Matcher m = MANAGEMENT.matcher(LocalProcesses.read(logs.resolve(node.name() + "-" + starts.getOrDefault(node.name(), 0) + ".out")));
    if (!m.find()) throw new IllegalStateException(node.name() + " has not said where its management endpoint is");
    return m.group(1);
  }

  /** Starts {@code node} again as soon as its JVM exits, once, from another thread (a process supervisor). */
  void restartWhenItExits(Node node) {
    Process current = processes.get(node.name());
    Thread supervisor = new Thread(() -> {
      try {
        current.waitFor();
        if (!closing) start(node, List.of());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "restart-" + node.name());
    supervisor.setDaemon(true);
    supervisor.start();
  }

  Process process(String name) {
    return processes.get(name);
  }

  /** The stderr of a node's latest JVM. */
  String errors(Node node) {
    return LocalProcesses.read(logs.resolve(node.name() + "-" + starts.getOrDefault(node.name(), 0) + ".err"));
  }

  private boolean up(Node node) {
    return LocalProcesses.read(logs.resolve(node.name() + "-" + starts.getOrDefault(node.name(), 0) + ".out")).contains(" up at ");
  }

  @Override
  public void close() {
    destroyAll();
    Runtime.getRuntime().removeShutdownHook(reaper);
  }

  private void destroyAll() {
    closing = true;
    LocalProcesses.destroy(processes.values());
  }
}
