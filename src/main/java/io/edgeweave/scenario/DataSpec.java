package io.edgeweave.scenario;

import java.nio.file.Path;

/**
 * Where training data comes from and how it is split across edge devices.
 *
 * @param directory for {@code IDX}: the folder with {@code train-images-idx3-ubyte[.gz]} etc.
 * @param trainLimit use at most this many training samples (0 = all)
 * @param testLimit use at most this many test samples (0 = all)
 * @param syntheticTrain size of the synthetic training set (synthetic source only)
 * @param syntheticTest size of the synthetic test set (synthetic source only)
 */
public record DataSpec(
    DataSource source,
    Path directory,
    int trainLimit,
    int testLimit,
    int syntheticTrain,
    int syntheticTest,
    ShardingSpec sharding) {

  public enum DataSource {
    SYNTHETIC,
    IDX
  }
}
