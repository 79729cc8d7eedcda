package io.edgeweave.serving;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * What the orchestrator knows of crashed nodes. A crash is handled once both halves are known, in either order: the
 * node's report of the fault that struck it (or of a kill-jvm fault, which halts its JVM) and its death, seen by death
 * watch. A node hosted on a JVM a kill halted reports nothing: it takes the kill's fault and time. The book also keeps
 * the node each crash is down for, and every fault that struck each node, so that a restart is not struck again.
 */
public final class CrashBook {
  /** A crash: the fault that struck (index in the scenario's faults) and when (virtual). */
  public record Crash(int fault, double timeMs) {}

  private final Map<String, Crash> crashed = new HashMap<>();
  private final Map<String, Crash> reports = new HashMap<>();
  private final Set<String> deaths = new HashSet<>();
  private final Map<String, Set<Integer>> struck = new HashMap<>();
  private final Map<String, Long> killedNanos = new HashMap<>();
  private Crash lastKill;

  /** {@code node} reported the fault that crashes it; the crash, if its death was seen already. */
  public Optional<Crash> reported(String node, Crash crash) {
    reports.put(node, crash);
    return bothKnown(node);
  }

  /** A kill-jvm fault struck {@code node} at wall time {@code nanos}: its JVM is to halt. */
  public void killed(String node, Crash crash, long nanos) {
    reports.put(node, crash);
    lastKill = crash;
    killedNanos.put(node, nanos);
  }

  /**
   * {@code node} died, seen at wall time {@code nanos}; the crash, if its cause is known (a node of a halted JVM takes
   * the last kill's).
   */
  public Optional<Crash> died(String node) {
    deaths.add(node);
    if (!reports.containsKey(node) && lastKill != null) reports.put(node, lastKill);
    return bothKnown(node);
  }

  /** Wall milliseconds from the halt of {@code node}'s JVM to {@code nanos}, if a kill struck it. */
  public OptionalDouble detected(String node, long nanos) {
    Long killed = killedNanos.remove(node);
    return killed == null ? OptionalDouble.empty() : OptionalDouble.of((nanos - killed) / 1e6);
  }

  private Optional<Crash> bothKnown(String node) {
    if (!deaths.contains(node) || !reports.containsKey(node)) return Optional.empty();
    deaths.remove(node);
    Crash crash = reports.remove(node);
    struck.computeIfAbsent(node, n -> new HashSet<>()).add(crash.fault());
    crashed.put(node, crash);
    return Optional.of(crash);
  }

  /** Nothing half-known: no crash seen in part, no halted JVM whose loss is not seen yet. */
  public boolean quiet() {
    return reports.isEmpty() && deaths.isEmpty() && killedNanos.isEmpty();
  }

  /** The crash {@code node} is down for, if any. */
  public Optional<Crash> crashOf(String node) {
    return Optional.ofNullable(crashed.get(node));
  }

  /** {@code node} started again: it is down for nothing. */
  public void restarted(String node) {
    crashed.remove(node);
  }

  /** The faults that struck {@code node} so far. */
  public Set<Integer> struck(String node) {
    return struck.getOrDefault(node, Set.of());
  }

  public Map<String, Crash> crashed() {
    return Map.copyOf(crashed);
  }

  public Map<String, Set<Integer>> struck() {
    return Map.copyOf(struck);
  }

  /** The last kill-jvm fault that struck, null if none. */
  public Crash lastKill() {
    return lastKill;
  }

  /** Carries on from a checkpoint (taken while {@link #quiet()}). */
  public void restore(Map<String, Crash> crashed, Map<String, Set<Integer>> struck, Crash lastKill) {
    this.crashed.putAll(crashed);
    struck.forEach((node, faults) -> this.struck.put(node, new HashSet<>(faults)));
    this.lastKill = lastKill;
  }
}
