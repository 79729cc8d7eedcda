package io.edgeweave.fault;

import io.edgeweave.scenario.FaultSpec.FaultKind;
import io.edgeweave.scenario.FaultSpec;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The crash and join faults of one node over requests (the steps of a serving run) and virtual time.
 *
 * <p>A crash window opens at {@code atStep} (the first message of that request or a later one), at
 * {@code atTime}, or from the start, and closes at {@code untilStep}, {@code duration} after it opened (after
 * the crash, for a window opened by a request), or never. A node that handles a message while a window is
 * open crashes; once the window has closed it may start again, empty, and a window crashes a node only once.
 * A join window opens the same way; the node is absent before.
 */
public final class NodeFaultSchedule {
  private final String nodeId;
  private final List<FaultSpec> faults;
  private final Set<Integer> struck;

  /**
   * @param faults all faults of the scenario (others than this node's are ignored); a crash names its fault by
   *     its index here
   * @param struck indices of crash faults that already crashed this node
   */
  public NodeFaultSchedule(String nodeId, List<FaultSpec> faults, Set<Integer> struck) {
    this.nodeId = nodeId;
    this.faults = List.copyOf(faults);
    this.struck = Set.copyOf(struck);
  }

  /** The index of the crash fault that strikes a node handling a message of {@code request} at {@code timeMs}. */
  public OptionalInt crash(int request, double timeMs) {
    return IntStream.range(0, faults.size())
        .filter(i -> !struck.contains(i) && is(i, FaultKind.CRASH))
        .filter(i -> opened(faults.get(i), request, timeMs) && !recovered(faults.get(i), timeMs, request, timeMs))
        .findFirst();
  }

  /**
   * The index of the kill-jvm fault that strikes the JVM of a node handling a message of {@code request}: one
   * whose step has come and that has not struck yet. A kill is for good: the node never starts again.
   */
  public OptionalInt kill(int request) {
    return IntStream.range(0, faults.size())
        .filter(i -> !struck.contains(i) && is(i, FaultKind.KILL_JVM) && request >= faults.get(i).atStep().orElseThrow())
        .findFirst();
  }

  /** Whether the node is present at {@code request}, {@code timeMs}: every join window of it has opened. */
  public boolean joined(int request, double timeMs) {
    return IntStream.range(0, faults.size()).filter(i -> is(i, FaultKind.JOIN)).allMatch(i -> opened(faults.get(i), request, timeMs));
  }

  /** Whether a node that {@code fault} crashed at {@code crashedAtMs} may start again at {@code request}, {@code timeMs}. */
  public static boolean recovered(FaultSpec fault, double crashedAtMs, int request, double timeMs) {
    if (fault.untilStep().isPresent()) return request >= fault.untilStep().getAsInt();
    if (fault.duration().isEmpty()) return false;
    double openedMs = fault.atTime().map(NodeFaultSchedule::millis).orElse(crashedAtMs);
    return timeMs >= openedMs + millis(fault.duration().get());
  }

  private boolean is(int i, FaultKind kind) {
    return faults.get(i).onNode(nodeId) && faults.get(i).kind() == kind;
  }

  private static boolean opened(FaultSpec f, int request, double timeMs) {
    if (f.atStep().isPresent()) return request >= f.atStep().getAsInt();
    return f.atTime().isEmpty() || timeMs >= millis(f.atTime().get());
  }

  private static double millis(Duration d) {
    return d.toNanos() / 1e6;
  }
}
