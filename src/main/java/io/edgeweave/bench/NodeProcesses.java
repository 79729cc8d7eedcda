package io.edgeweave.bench;

import io.edgeweave.cluster.LocalProcesses;
import io.edgeweave.scenario.NodeRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Node JVMs ({@code edgeweave node}) on free ports of 127.0.0.1; closing destroys them and their children. */
final class NodeProcesses implements AutoCloseable {
  private final List<Process> processes = new ArrayList<>();
  private final List<Path> outputs = new ArrayList<>();
  private final List<Path> errors = new ArrayList<>();
  private final List<String> addresses = new ArrayList<>();

  static NodeProcesses start(List<NodeRole> roles, String nodeHeap, Optional<Path> configFile, Path logs) {
    NodeProcesses nodes = new NodeProcesses();
    for (int i = 0; i < roles.size(); i++) nodes.addresses.add("127.0.0.1:" + LocalProcesses.freePort());
    try {
      for (int i = 0; i < roles.size(); i++) {
        String role = roles.get(i).configName();
        String name = role + "-" + (i + 1);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(vmOptions());
        command.addAll(List.of(
            "-Xmx" + nodeHeap, "-Dorg.bytedeco.javacpp.maxbytes=" + nodeHeap,
            "-Dorg.bytedeco.javacpp.maxphysicalbytes=0", "-Djavacpp.platform=linux-x86_64",
            "-cp", System.getProperty("java.class.path"), "io.edgeweave.cli.Main", "node",
            "--role", role, "--name", name, "--port", nodes.addresses.get(i).split(":")[1], "--seeds", nodes.seeds()));
        configFile.ifPresent(f -> command.addAll(List.of("--config", f.toString())));
        nodes.outputs.add(logs.resolve(name + ".out"));
        nodes.errors.add(logs.resolve(name + ".err"));
        ProcessBuilder builder = new ProcessBuilder(command)
            .redirectOutput(nodes.outputs.get(i).toFile())
            .redirectError(nodes.errors.get(i).toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        nodes.processes.add(builder.start());
      }
    } catch (IOException e) {
      nodes.close();
      throw new UncheckedIOException(e);
    }
    return nodes;
  }

  /**
   * This JVM's {@code -XX:} options (JIT compiler and garbage collector, as the launcher or {@code JAVA_OPTS} set
   * them): node JVMs run with them too, so both runs of a pair compile and collect alike.
   */
  static List<String> vmOptions() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("-XX:")).toList();
  }

  /** CPU time so far of this JVM and every node JVM, in ms. */
  double cpuMs() {
    double ms = Benchmarks.processCpuMs();
    for (Process p : processes) ms += p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e6;
    return ms;
  }

  /** How many node JVMs were started. */
  int size() {
    return processes.size();
  }

  String seeds() {
    return String.join(",", addresses.subList(0, Math.min(3, addresses.size())));
  }

  void awaitUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int i = 0; i < processes.size(); i++) {
      while (!LocalProcesses.read(outputs.get(i)).contains(" up at ")) {
        if (!processes.get(i).isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("node JVM " + (i + 1) + " did not join: " + LocalProcesses.read(errors.get(i)).strip());
        }
        Thread.sleep(200);
      }
    }
  }

  @Override
  public void close() {
    LocalProcesses.destroy(processes);
  }
}
