package io.edgeweave.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads an MNIST-style dataset (Fashion-MNIST or MNIST) from a directory holding the four standard IDX
 * files, {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}
 * and {@code t10k-labels-idx1-ubyte}, each plain or with a {@code .gz} suffix.
 */
public final class IdxDataset {
  /** Where the Debian package {@code dataset-fashion-mnist} installs Fashion-MNIST. */
  public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");
  /** How a user installs it, for messages that say what is missing. */
  public static final String INSTALL_HINT = "apt-get install dataset-fashion-mnist";
  /** Both MNIST and Fashion-MNIST have ten classes. */
  public static final int CLASSES = 10;

  private IdxDataset() {}

  /** Where scenarios look by default: {@code EDGEWEAVE_DATA_DIR} when set, else the Debian package's folder. */
  public static Path defaultDirectory() {
    String fromEnvironment = System.getenv("EDGEWEAVE_DATA_DIR");
    return fromEnvironment != null ? Path.of(fromEnvironment) : FASHION_MNIST_DIR;
  }

  /**
   * Loads the training and test sets.
   *
   * @param trainLimit use at most this many training samples (0 = all)
   * @param testLimit use at most this many test samples (0 = all)
   */
  public static TrainTest load(Path dir, int trainLimit, int testLimit) {
    if (!Files.isDirectory(dir)) {
      throw new DataException(dir + ": dataset directory not found (on Debian: " + INSTALL_HINT + ")");
    }
    String name = String.valueOf(dir.toAbsolutePath().normalize().getFileName());
    return new TrainTest(part(dir, name, "train", trainLimit), part(dir, name, "t10k", testLimit));
  }

  private static Dataset part(Path dir, String name, String prefix, int limit) {
    Path images = find(dir, prefix + "-images-idx3-ubyte");
    Path labels = find(dir, prefix + "-labels-idx1-ubyte");
    return IdxReader.read(name + "/" + prefix, images, labels, CLASSES, limit);
  }

  private static Path find(Path dir, String base) {
    for (String candidate : new String[] {base, base + ".gz"}) {
      Path file = dir.resolve(candidate);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    throw new DataException(dir + ": no " + base + " or " + base + ".gz in the dataset directory");
  }
}
