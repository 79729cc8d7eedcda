package io.edgeweave.collab;

import io.edgeweave.data.DeviceShards;
import io.edgeweave.data.TrainTest;
import io.edgeweave.nn.FlopCount;
import io.edgeweave.nn.NetworkPool;
import io.edgeweave.scenario.CollaborativeTrainingSpec;
import io.edgeweave.scenario.LinkKind;
import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.Seeds;
import io.edgeweave.scenario.ShardingSpec;

/**
 * What every device of a collaborative run shares, held once per JVM so that a device actor keeps only its
 * id and clock: the workload, the shared training data and each device's shard of it, the devices' drawn
 * rates, the pool of networks they borrow to train, and the algorithm.
 *
 * @param cloud the coordinating node's id: one end of every device link
 * @param training time spent in local training in this JVM, for measurements
 */
public record Fleet(
    CollaborativeTrainingSpec workload,
    ModelSpec model,
    long seed,
    String cloud,
    TrainTest data,
    DeviceShards shards,
    DeviceProfiles profiles,
    NetworkPool pool,
    Algorithm algorithm,
    TrainingMeter training) {

  /**
   * The fleet of a collaborative scenario, from the parts of it that the fleet needs: any JVM holding the same data
   * rebuilds the same fleet. Its networks are built on first use, at most {@code poolCapacity}.
   *
   * @param training where local training in this JVM is counted
   */
  public static Fleet of(
      CollaborativeTrainingSpec workload, ModelSpec model, ShardingSpec sharding, long seed, TrainTest data, int poolCapacity,
      TrainingMeter training) {
    return new Fleet(
        workload,
        model,
        seed,
        workload.cloud(),
        data,
        shards(workload, sharding, seed, data),
        DeviceProfiles.draw(workload.devices(), seed),
        new NetworkPool(model, poolCapacity),
        Algorithm.named(workload.algorithm()),
        training);
  }

  /**
   * The devices' shards; {@code DataException} when the training set is too small to partition.
   * A check to run on the loaded data before a run starts.
   */
  public static DeviceShards shards(Scenario scenario, CollaborativeTrainingSpec workload, TrainTest data) {
    return shards(workload, scenario.data().sharding(), scenario.seed(), data);
  }

  private static DeviceShards shards(CollaborativeTrainingSpec workload, ShardingSpec sharding, long seed, TrainTest data) {
    int devices = workload.devices().count();
    long shardSeed = Seeds.derive(seed, "device-shards");
    int samples = workload.devices().samples();
    return samples == 0
        ? DeviceShards.partition(data.train(), devices, sharding, shardSeed)
        : DeviceShards.sampled(data.train(), devices, samples, sharding, shardSeed);
  }

  public int size() {
    return profiles.count();
  }

  /** FLOPs of one local step on a batch of {@code batchSize}: forward, backward and the optimiser update. */
  public long flopsPerStep(int batchSize) {
    FlopCount flops = FlopCount.of(model, 0, model.layerCount());
    return flops.forward(batchSize) + flops.backward(batchSize) + flops.update();
  }

  /** The name of a device: its actor's name and its end of its link. */
  public static String deviceName(int device) {
    return "device-" + device;
  }

  /** The link between the cloud and a device in one direction, at the device's drawn rate. */
  public LinkSpec link(int device, boolean uplink) {
    double rate = uplink ? profiles.uplinkBitsPerSecond(device) : profiles.downlinkBitsPerSecond(device);
    var d = workload.devices();
    return new LinkSpec(deviceName(device), LinkKind.DIGITAL, cloud, deviceName(device), rate, d.propagation(),
        d.jitter(), d.loss(), d.duplicate(), 0);
  }
}
