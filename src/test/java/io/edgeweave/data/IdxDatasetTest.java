package io.edgeweave.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxDatasetTest {
  @TempDir Path dir;

  private void writeAll() throws IOException {
    byte[] train = new byte[5 * 9];
    for (int i = 0; i < train.length; i++) {
      train[i] = (byte) i;
    }
    IdxFiles.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxFiles.gzip(IdxFiles.images(3, 3, train)));
    IdxFiles.write(dir.resolve("train-labels-idx1-ubyte.gz"),
        IdxFiles.gzip(IdxFiles.labels(new byte[] {0, 1, 2, 3, 4})));
    IdxFiles.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFiles.images(3, 3, new byte[2 * 9]));
    IdxFiles.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels(new byte[] {9, 8}));
  }

  @Test
  void loadsTrainAndTestFromGzipOrPlainFiles() throws IOException {
    writeAll();
    TrainTest data = IdxDataset.load(dir, 0, 0);
    assertEquals(5, data.train().size());
    assertEquals(9, data.train().features());
    assertEquals(IdxDataset.CLASSES, data.train().classes());
    assertEquals(8 / 255f, data.train().x()[8], 1e-6);
    assertArrayEquals(new int[] {9, 8}, data.test().y());
    assertEquals(dir.getFileName() + "/train", data.train().name());
  }

  @Test
  void appliesLimits() throws IOException {
    writeAll();
    TrainTest data = IdxDataset.load(dir, 3, 1);
    assertArrayEquals(new int[] {0, 1, 2}, data.train().y());
    assertArrayEquals(new int[] {9}, data.test().y());
  }

  @Test
  void missingDirectoryHintsAtTheDebianPackage() {
    Path missing = dir.resolve("fashion");
    DataException e = assertThrows(DataException.class, () -> IdxDataset.load(missing, 0, 0));
    assertEquals(missing + ": dataset directory not found (on Debian: apt-get install dataset-fashion-mnist)",
        e.getMessage());
  }

  @Test
  void missingFileIsNamed() throws IOException {
    writeAll();
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
    DataException e = assertThrows(DataException.class, () -> IdxDataset.load(dir, 0, 0));
    assertEquals(dir + ": no t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte.gz in the dataset directory",
        e.getMessage());
  }

  @Test
  void loadsInstalledFashionMnist() {
    TrainTest data = IdxDataset.load(FashionMnist.assumeInstalled(), 0, 1000);
    assertEquals(60_000, data.train().size());
    assertEquals(784, data.train().features());
    assertEquals(1000, data.test().size());
    int[] perClass = new int[10];
    for (int label : data.train().y()) {
      perClass[label]++;
    }
    assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000}, perClass);
  }
}
