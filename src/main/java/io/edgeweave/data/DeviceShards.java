package io.edgeweave.data;

import io.edgeweave.scenario.Seeds;
import io.edgeweave.scenario.ShardingSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training samples of every device of a fleet, as indices into one shared training set, so that a
 * device holds no data of its own. Either a partition of the training set ({@link #partition}: each sample
 * on exactly one device, the shards kept as index arrays), or a fixed number of samples per device drawn
 * on demand from the device's own seeded class mix ({@link #sampled}: nothing kept per device, samples may
 * repeat across devices, any number of devices). Thread-safe: read only.
 */
public abstract sealed class DeviceShards {
  private final int devices;

  private DeviceShards(int devices) {
    this.devices = devices;
  }

  /** The training set partitioned among {@code devices} by {@code spec}; at most one device per sample. */
  public static DeviceShards partition(Dataset train, int devices, ShardingSpec spec, long seed) {
    if (devices > train.size()) {
      throw new DataException(devices + " devices cannot share a partition of " + train.size()
          + " training samples: give each device its own samples (workload.devices.samples)");
    }
    return new Partitioned(Sharding.shard(train.y(), train.classes(), devices, spec, seed));
  }

  /** {@code samples} samples per device, the class mix of each device drawn by {@code spec} from its own seed. */
  public static DeviceShards sampled(Dataset train, int devices, int samples, ShardingSpec spec, long seed) {
    return new Sampled(train, devices, samples, spec, seed);
  }

  public int devices() {
    return devices;
  }

  /** The sample indices of {@code device}; never empty. */
  public abstract int[] shard(int device);

  private static final class Partitioned extends DeviceShards {
    private final int[][] shards;

    Partitioned(int[][] shards) {
      super(shards.length);
      this.shards = shards;
    }

    @Override
    public int[] shard(int device) {
      return shards[device].clone();
    }
  }

  /**
   * A device's shard: IID draws uniformly from the whole set; DIRICHLET draws class proportions from
   * Dir(alpha), then each sample's class from them; CLASSES spreads the samples evenly over k classes drawn
   * without replacement. Within a class, samples are drawn uniformly. Classes without samples are skipped.
   */
  private static final class Sampled extends DeviceShards {
    private final int samples;
    private final int trainSize;
    private final ShardingSpec spec;
    private final long seed;
    private final int[][] byClass;
    private final int[] presentClasses;

    Sampled(Dataset train, int devices, int samples, ShardingSpec spec, long seed) {
      super(devices);
      if (samples < 1) throw new IllegalArgumentException("samples per device must be positive, got " + samples);
      if (train.size() == 0) throw new DataException(train.name() + ": no training samples to draw from");
      this.samples = samples;
      this.trainSize = train.size();
      this.spec = spec;
      this.seed = seed;
      this.byClass = byClass(train);
      List<Integer> present = new ArrayList<>();
      for (int c = 0; c < byClass.length; c++) if (byClass[c].length > 0) present.add(c);
      this.presentClasses = present.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public int[] shard(int device) {
      SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "device-shard/" + device));
      int[] shard = new int[samples];
      switch (spec.scheme()) {
        case IID -> {
          for (int i = 0; i < samples; i++) shard[i] = rng.nextInt(trainSize);
        }
        case DIRICHLET -> {
          double[] cumulative = cumulative(Sharding.dirichlet(spec.alpha(), presentClasses.length, rng));
          for (int i = 0; i < samples; i++) shard[i] = drawFrom(presentClasses[pick(cumulative, rng)], rng);
        }
        case CLASSES -> {
          int k = Math.min(spec.classesPerShard(), presentClasses.length);
          int[] order = Permutations.random(presentClasses.length, rng);
          for (int i = 0; i < samples; i++) shard[i] = drawFrom(presentClasses[order[i % k]], rng);
        }
      }
      return shard;
    }

    private int drawFrom(int c, SplittableRandom rng) {
      return byClass[c][rng.nextInt(byClass[c].length)];
    }

    /** The sample indices of each class. */
    private static int[][] byClass(Dataset train) {
      int[] counts = new int[train.classes()];
      for (int y : train.y()) counts[y]++;
      int[][] byClass = new int[train.classes()][];
      for (int c = 0; c < counts.length; c++) byClass[c] = new int[counts[c]];
      int[] filled = new int[counts.length];
      for (int i = 0; i < train.size(); i++) byClass[train.y()[i]][filled[train.y()[i]]++] = i;
      return byClass;
    }

    private static double[] cumulative(double[] weights) {
      double[] cumulative = new double[weights.length];
      double sum = 0;
      for (int i = 0; i < weights.length; i++) cumulative[i] = sum += weights[i];
      return cumulative;
    }

    private static int pick(double[] cumulative, SplittableRandom rng) {
      double u = rng.nextDouble() * cumulative[cumulative.length - 1];
      for (int i = 0; i < cumulative.length; i++) if (u < cumulative[i]) return i;
      return cumulative.length - 1;
    }
  }
}
