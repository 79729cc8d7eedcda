package io.edgeweave.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Node JVMs started by this one on this machine (benchmarks, tests): free ports, and no process left behind. */
public final class LocalProcesses {
  private LocalProcesses() {}

  /** The first port the kernel gives outgoing connections (Linux's default when procfs does not say), read once. */
  private static final int EPHEMERAL_FROM = ephemeralFrom();
  /** {@link #freePort} picks from here up to the ephemeral ports. */
  private static final int PICK_FROM = EPHEMERAL_FROM > 20_000 ? 10_000 : 1024;

  /**
   * The ports {@code cluster-config/launch} takes by default (from 25520, management endpoints from 26520), never
   * handed out: a test or benchmark holding one would make a cluster started meanwhile fail.
   */
  static final int LAUNCH_PORTS_FROM = 25_500;
  static final int LAUNCH_PORTS_TO = 26_600;

  /** Ports this JVM handed out: never twice. */
  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  /**
   * A port of 127.0.0.1 that was free a moment ago, below the kernel's range of ephemeral ports: a port the kernel
   * chose (a server socket on port 0) can be taken, before the JVM it is meant for binds it, by any process's outgoing
   * connection, which once made every test of a cluster fail to start. Not one of the ports {@code launch} takes by
   * default.
   */
  public static int freePort() {
    for (int attempt = 0; attempt < 1000 && PICK_FROM < EPHEMERAL_FROM; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(PICK_FROM, EPHEMERAL_FROM);
      if (port >= LAUNCH_PORTS_FROM && port < LAUNCH_PORTS_TO || !GIVEN.add(port)) continue;
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return port;
      } catch (IOException taken) {
        // in use: another one
      }
    }
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first port of procfs's ephemeral range (read line by line: procfs gives its files' size as 0). */
  private static int ephemeralFrom() {
    try {
      String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0);
      return Math.min(Integer.parseInt(range.strip().split("\\s+")[0]), 65536);
    } catch (IOException | RuntimeException unknown) {
      return 32768;
    }
  }

  /** What a process wrote to a log file so far; empty if it wrote nothing yet. */
  public static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** SIGTERM to every process and its children, SIGKILL to what is left after 10 s. */
  public static void destroy(Collection<Process> processes) {
    List<ProcessHandle> all = new ArrayList<>();
    for (Process p : processes) {
      p.descendants().forEach(all::add);
      all.add(p.toHandle());
    }
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
  }
}
