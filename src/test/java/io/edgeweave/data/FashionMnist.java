package io.edgeweave.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Tests that need the real Fashion-MNIST files find them here, and are skipped with a hint when they are absent. */
public final class FashionMnist {
  private FashionMnist() {}

  /** True when the folder scenarios use by default holds the dataset. */
  public static boolean installed() {
    return Files.isDirectory(IdxDataset.defaultDirectory());
  }

  /** The dataset's folder; aborts the calling test (reported as skipped) when it is not installed. */
  public static Path assumeInstalled() {
    Path dir = IdxDataset.defaultDirectory();
    assumeTrue(installed(), () -> "needs Fashion-MNIST in " + dir + " (" + IdxDataset.INSTALL_HINT
        + ", or set EDGEWEAVE_DATA_DIR)");
    return dir;
  }
}
