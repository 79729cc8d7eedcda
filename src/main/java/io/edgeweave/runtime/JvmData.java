package io.edgeweave.runtime;

import io.edgeweave.data.DataException;
import io.edgeweave.data.Datasets;
import io.edgeweave.data.TrainTest;
import io.edgeweave.scenario.DataSpec;
import io.edgeweave.scenario.ModelSpec;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The training and test data of one JVM, loaded once and shared by the actors it hosts (they may ask from several
 * threads). Data never travels between JVMs: each JVM derives it from the scenario (synthetic data from the seed,
 * IDX files from disk) and checks that it is the director's by its fingerprint.
 */
public final class JvmData {
  private final Optional<Path> directory;
  private TrainTest loaded;

  /** @param directory where this JVM finds IDX files, if not where the scenario says */
  public JvmData(Optional<Path> directory) {
    this.directory = directory;
  }

  /** A JVM that already holds the director's data (a single-JVM run). */
  public static JvmData holding(TrainTest data) {
    JvmData held = new JvmData(Optional.empty());
    held.loaded = data;
    return held;
  }

  /**
   * The data of {@code spec}, which must be the director's.
   *
   * @param fingerprint {@link io.edgeweave.data.Dataset#fingerprint()} of the director's training set
   * @throws DataException if it cannot be loaded, or differs from the director's
   */
  public synchronized TrainTest load(DataSpec spec, ModelSpec model, long seed, long fingerprint) {
    if (loaded == null || loaded.train().fingerprint() != fingerprint) {
      loaded = Datasets.load(directory.map(d -> withDirectory(spec, d)).orElse(spec), model, seed);
    }
    long held = loaded.train().fingerprint();
    if (held != fingerprint) {
      throw new DataException(
          "its training data differs from the director's (fingerprint " + Long.toHexString(held) + " vs "
              + Long.toHexString(fingerprint) + "): every JVM must read the same files");
    }
    return loaded;
  }

  private static DataSpec withDirectory(DataSpec spec, Path directory) {
    return new DataSpec(
        spec.source(), directory, spec.trainLimit(), spec.testLimit(), spec.syntheticTrain(), spec.syntheticTest(),
        spec.sharding());
  }
}
