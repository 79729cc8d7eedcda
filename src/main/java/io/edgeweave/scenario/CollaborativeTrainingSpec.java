package io.edgeweave.scenario;

import java.time.Duration;
import java.util.List;

/**
 * {@code workload.type = collaborative-training}: rounds in which the cloud selects devices, sends them the
 * global model, each trains {@code localSteps} steps on its own data and sends its model back, and the cloud
 * aggregates what arrived by the deadline ({@code algorithm}: {@code fedavg}, federated averaging weighted by
 * samples).
 *
 * @param cloud the node that coordinates the rounds and aggregates (role cloud)
 * @param participation fraction of the devices selected per round (used when {@code participants} is 0)
 * @param participants devices selected per round; 0 = use {@code participation}
 * @param deadline virtual time after a round's start by which an update must arrive to count; zero = none
 * @param evalEvery evaluate test accuracy every this many rounds (0 = only at the end)
 * @param jvms edge JVMs the fleet spreads over, device group {@code g} on the {@code (g mod jvms)+1}-th by name: in
 *     one JVM as many in-process hosts, on a cluster the first this many edge JVMs; 0 = one in-process host, or every
 *     edge JVM of the cluster
 */
public record CollaborativeTrainingSpec(
    String cloud,
    DevicesSpec devices,
    int rounds,
    double participation,
    int participants,
    int localSteps,
    int batchSize,
    Duration deadline,
    String algorithm,
    int evalEvery,
    int jvms)
    implements WorkloadSpec {
  public static final String TYPE = "collaborative-training";
  /** Accepted values of {@code algorithm}. */
  public static final List<String> ALGORITHMS = List.of("fedavg");

  @Override
  public String type() {
    return TYPE;
  }

  /** Devices selected per round (fewer only when fewer are alive). */
  public int perRound() {
    int wanted = participants > 0 ? participants : (int) Math.round(participation * devices.count());
    return Math.max(1, Math.min(devices.count(), wanted));
  }

  public boolean hasDeadline() {
    return !deadline.isZero();
  }
}
