package io.edgeweave.collab;

import io.edgeweave.data.BatchSampler;
import io.edgeweave.nn.NetworkPool;
import io.edgeweave.scenario.Seeds;

/**
 * One selected device's round, without actors: its fate, its local training on a network borrowed for the
 * moment, and its virtual clock. Local step {@code s} of round {@code r} trains on batch {@code r·E + s} of
 * the device's shard, so a device needs no counter to move through its data.
 */
public final class DeviceRound {
  private DeviceRound() {}

  /**
   * @param update the update to send when the fate is {@code NONE}, else {@code null}
   * @param clockMs the device's virtual clock after the round's work (or up to its failure)
   */
  public record Result(DeviceFate fate, DeviceUpdate update, double clockMs) {}

  /**
   * @param arrivedAtMs virtual time the model reached the device
   * @param clockMs the device's clock: it starts when both it and the model are there
   */
  public static Result run(Fleet fleet, int device, RoundModel model, double arrivedAtMs, double clockMs) {
    var workload = fleet.workload();
    int round = model.round();
    int localSteps = workload.localSteps();
    DeviceFate fate = DeviceFate.draw(fleet.seed(), round, device, workload.devices().dropout(),
        workload.devices().crash(), localSteps);
    int steps = fate.afterSteps();
    int[] shard = fleet.shards().shard(device);
    int batchSize = Math.min(workload.batchSize(), shard.length);
    double startMs = Math.max(clockMs, arrivedAtMs);
    double computeMs = steps * fleet.flopsPerStep(batchSize) / (fleet.profiles().flopsPerSecond(device) / 1000);
    double endMs = startMs + computeMs;
    if (steps == 0) return new Result(fate, null, endMs);
    BatchSampler batches = new BatchSampler(shard, workload.batchSize(),
        Seeds.derive(fleet.seed(), "batches/" + Fleet.deviceName(device)));
    LocalData data = new LocalData(fleet.data().train(), s -> batches.batch((long) round * localSteps + s));
    LocalTraining.Result trained = fleet.training().measure(() -> {
      try (NetworkPool.Lease lease = fleet.pool().borrow()) {
        return fleet.algorithm().localTraining().train(lease.network(), model.parameters(), data, steps);
      }
    });
    if (fate.kind() != DeviceFate.Kind.NONE) return new Result(fate, null, endMs);
    DeviceUpdate update = new DeviceUpdate(round, device, trained.parameters(), shard.length, steps, trained.loss(),
        arrivedAtMs - model.sentAtMs(), computeMs, endMs);
    return new Result(fate, update, endMs);
  }
}
