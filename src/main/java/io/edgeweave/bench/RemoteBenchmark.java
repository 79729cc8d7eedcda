package io.edgeweave.bench;

import com.typesafe.config.Config;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Tensor throughput and round trips between two JVMs over Artery: this JVM sends tensors of a given size to a sink in
 * a peer JVM, keeping several in flight (each acknowledged, or with {@code echo} sent back whole: a ping-pong), for a
 * fixed time per size. It reports raw float32 bytes per second and wire bytes over raw bytes, the wire bytes being
 * what this process wrote to its sockets ({@code wchar} of {@code /proc/self/io}: every write system call, so
 * envelope, framing and acknowledgements are all counted), and the round trips. On loopback the transfer is bound
 * by CPU, so it also reports raw bytes per CPU second of the busier JVM: what the pair would move with a core each,
 * however loaded the machine is while it measures. The JIT compiler's threads are left out of that CPU time:
 * Pekko's code keeps them busy for many seconds after start, a one-off cost.
 */
public final class RemoteBenchmark {
  /** The actor systems' name. */
  public static final String SYSTEM = "edgeweave-bench";
  /** The peer's name for its sink actor. */
  static final String SINK = "sink";

  private RemoteBenchmark() {}

  /** A tensor on its way to the sink; the sink answers each with an {@link Ack}, carrying the tensor if {@code echo}. */
  public record Payload(int sequence, Tensor tensor, boolean echo, ActorRef<Ack> replyTo) implements CborSerializable {}

  /** @param echoed the payload's tensor, or an empty one */
  public record Ack(int sequence, Tensor echoed) implements CborSerializable {}

  private static final Tensor EMPTY = Tensor.of(new int[] {0}, new float[0]);

  /**
   * @param sizes tensor sizes in bytes (multiples of 4)
   * @param inFlight tensors sent and not yet acknowledged
   * @param measure measured time per size, after a warm-up of the same length
   * @param echo the peer sends each tensor back instead of a bare acknowledgement
   */
  public record Settings(List<Integer> sizes, int inFlight, Duration measure, boolean echo) {
    public Settings {
      sizes = List.copyOf(sizes);
      for (int s : sizes) {
        if (s < 4 || s % 4 != 0) throw new IllegalArgumentException("tensor sizes are positive multiples of 4 bytes, got " + s);
      }
      if (inFlight < 1) throw new IllegalArgumentException("--in-flight must be at least 1, got " + inFlight);
    }
  }

  /**
   * One size: tensors per second, raw megabytes (10⁶ bytes) per second of wall time and per CPU second of the
   * busier JVM, wire bytes over raw bytes, the round trip (send to acknowledgement: median and 90th percentile, ms)
   * and the CPU time of both JVMs per tensor (ms; JIT compilers left out).
   */
  public record Result(
      int bytes,
      double tensorsPerSecond,
      double megabytesPerSecond,
      double megabytesPerCpuSecond,
      double wireOverRaw,
      double roundTripMs,
      double roundTripP90Ms,
      double cpuMsPerTensor) {}

  /**
   * Starts the peer JVM (this JVM's classpath, command {@code bench remote-peer}), measures every size, stops the peer.
   *
   * @param config this JVM's configuration; the peer gets {@code configFile} if there is one
   */
  public static List<Result> run(Settings settings, Config config, Path configFile, Consumer<String> progress)
      throws InterruptedException, IOException {
    Process peer = startPeer(configFile);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM, config);
    try {
      String sinkPath = readSinkPath(peer);
      ActorRef<Payload> sink = ActorRefResolver.get(system).resolveActorRef(sinkPath);
      List<Result> results = new ArrayList<>();
      for (int bytes : settings.sizes()) {
        measure(system, sink, peer, bytes, settings); // warm-up
        Result r = measure(system, sink, peer, bytes, settings);
        progress.accept(String.format(java.util.Locale.ROOT, "%d bytes: %.0f tensors/s", bytes, r.tensorsPerSecond()));
        results.add(r);
      }
      return results;
    } finally {
      system.terminate();
      try {
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // the results are in; an actor system slow to stop (seen over TLS) must not hold the benchmark
      }
      peer.destroy();
      if (!peer.waitFor(10, TimeUnit.SECONDS)) peer.destroyForcibly();
    }
  }

  private static Result measure(ActorSystem<Void> system, ActorRef<Payload> sink, Process peer, int bytes, Settings settings)
      throws InterruptedException {
    Duration time = settings.measure();
    Tensor tensor = Tensor.of(new int[] {bytes / 4}, new float[bytes / 4]);
    CompletableFuture<long[]> done = new CompletableFuture<>();
    List<Long> roundTrips = new ArrayList<>();
    long wireBefore = bytesWritten();
    long ownCpuBefore = cpuNanos(ProcessHandle.current().pid());
    long peerCpuBefore = cpuNanos(peer.pid());
    long start = System.nanoTime();
    Behavior<Ack> sender = sender(sink, tensor, settings, start + time.toNanos(), roundTrips, done);
    system.systemActorOf(sender, "sender-" + start, org.apache.pekko.actor.typed.Props.empty());
    long[] counts;
    try {
      counts = done.get(time.toMillis() + 60_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the peer stopped answering: " + e.getMessage(), e);
    }
    double seconds = (counts[1] - start) / 1e9;
    long acknowledged = counts[0];
    long wire = bytesWritten() - wireBefore;
    long ownCpu = cpuNanos(ProcessHandle.current().pid()) - ownCpuBefore;
    long peerCpu = cpuNanos(peer.pid()) - peerCpuBefore;
    double busierCpuSeconds = Math.max(ownCpu, peerCpu) / 1e9;
    double raw = (double) acknowledged * bytes;
    List<Long> sorted = roundTrips.stream().sorted().toList(); // the sender filled it before it completed done
    return new Result(
        bytes, acknowledged / seconds, raw / seconds / 1e6, raw / busierCpuSeconds / 1e6, wire / raw,
        sorted.get(sorted.size() / 2) / 1e6, sorted.get(sorted.size() * 9 / 10) / 1e6,
        (ownCpu + peerCpu) / 1e6 / acknowledged);
  }

  /** Clock ticks per second of {@code /proc/PID/task/TID/stat} (USER_HZ, 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100;

  /** CPU time (user + system) of a process's threads but its JIT compilers, from {@code /proc}. */
  static long cpuNanos(long pid) {
    long ticks = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          if (Files.readString(task.resolve("comm")).contains("CompilerThread")) continue;
          String stat = Files.readString(task.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (NoSuchFileException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CPU time of process " + pid + " (the benchmark needs Linux)", e);
    }
    return (long) (ticks / TICKS_PER_SECOND * 1e9);
  }

  /**
   * Keeps {@code inFlight} tensors unacknowledged until {@code endNanos}, adding each one's round trip (ns) to
   * {@code roundTrips}; completes with [acknowledged, end time].
   */
  private static Behavior<Ack> sender(
      ActorRef<Payload> sink, Tensor tensor, Settings settings, long endNanos, List<Long> roundTrips,
      CompletableFuture<long[]> done) {
    return Behaviors.setup(ctx -> {
      int inFlight = settings.inFlight();
      Map<Integer, Long> sentAt = new HashMap<>();
      for (int i = 0; i < inFlight; i++) {
        sentAt.put(i, System.nanoTime());
        sink.tell(new Payload(i, tensor, settings.echo(), ctx.getSelf()));
      }
      int[] next = {inFlight};
      long[] acknowledged = {0};
      int[] outstanding = {inFlight};
      return Behaviors.receive(Ack.class)
          .onMessage(Ack.class, ack -> {
            roundTrips.add(System.nanoTime() - sentAt.remove(ack.sequence()));
            acknowledged[0]++;
            outstanding[0]--;
            if (System.nanoTime() < endNanos) {
              sentAt.put(next[0], System.nanoTime());
              sink.tell(new Payload(next[0]++, tensor, settings.echo(), ctx.getSelf()));
              outstanding[0]++;
            } else if (outstanding[0] == 0) {
              done.complete(new long[] {acknowledged[0], System.nanoTime()});
              return Behaviors.stopped();
            }
            return Behaviors.same();
          })
          .build();
    });
  }

  /** The peer's side: a sink that acknowledges every tensor. */
  public static Behavior<Void> peer(Consumer<String> announce) {
    return Behaviors.setup(ctx -> {
      ActorRef<Payload> sink =
          ctx.spawn(
              Behaviors.receive(Payload.class)
                  .onMessage(Payload.class, p -> {
                    p.replyTo().tell(new Ack(p.sequence(), p.echo() ? p.tensor() : EMPTY));
                    return Behaviors.same();
                  })
                  .build(),
              SINK);
      announce.accept(ActorRefResolver.get(ctx.getSystem()).toSerializationFormat(sink));
      return Behaviors.empty();
    });
  }

  private static Process startPeer(Path configFile) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(NodeProcesses.vmOptions());
    command.addAll(List.of(
        "-Xmx1g", "-cp", System.getProperty("java.class.path"), "io.edgeweave.cli.Main", "bench", "remote-peer"));
    if (configFile != null) command.addAll(List.of("--config", configFile.toString()));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /** The first line the peer prints: its sink's address. */
  private static String readSinkPath(Process peer) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null) throw new IllegalStateException("the peer JVM ended before it was ready");
    return line.strip();
  }

  /** Bytes this process has written with write system calls (sockets included), from /proc/self/io. */
  static long bytesWritten() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
        if (line.startsWith("wchar:")) return Long.parseLong(line.substring(6).strip());
      }
      throw new IllegalStateException("/proc/self/io has no wchar");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/self/io (the wire overhead needs Linux)", e);
    }
  }
}
