package io.edgeweave.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  /** Three 2×2 images with pixel values 0, 51, 255, … */
  private static final byte[] PIXELS = {0, 51, (byte) 255, 102, 1, 2, 3, 4, (byte) 128, 0, 0, 0};
  private static final byte[] LABELS = {3, 0, 9};

  @TempDir Path dir;

  @Test
  void readsPlainAndGzipFilesAlike() throws IOException {
    Path plain = IdxFiles.write(dir.resolve("plain"), IdxFiles.images(2, 2, PIXELS));
    Path gzip = IdxFiles.write(dir.resolve("compressed-without-suffix"),
        IdxFiles.gzip(IdxFiles.images(2, 2, PIXELS)));
    for (Path file : new Path[] {plain, gzip}) {
      IdxReader.Images images = IdxReader.readImages(file, 0);
      assertEquals(3, images.count());
      assertEquals(2, images.rows());
      assertEquals(2, images.cols());
      assertEquals(12, images.pixels().length);
      assertEquals(0f, images.pixels()[0]);
      assertEquals(0.2f, images.pixels()[1], 1e-6);
      assertEquals(1f, images.pixels()[2]);
      assertEquals(128 / 255f, images.pixels()[8], 1e-6);
    }
  }

  @Test
  void readsLabelsAndHonoursTheLimit() throws IOException {
    Path labels = IdxFiles.write(dir.resolve("labels.gz"), IdxFiles.gzip(IdxFiles.labels(LABELS)));
    assertArrayEquals(new int[] {3, 0, 9}, IdxReader.readLabels(labels, 10, 0));
    assertArrayEquals(new int[] {3, 0}, IdxReader.readLabels(labels, 10, 2));
    assertArrayEquals(new int[] {3, 0, 9}, IdxReader.readLabels(labels, 10, 99));
  }

  @Test
  void readsADatasetFromImagesAndLabels() throws IOException {
    Path images = IdxFiles.write(dir.resolve("images"), IdxFiles.images(2, 2, PIXELS));
    Path labels = IdxFiles.write(dir.resolve("labels"), IdxFiles.labels(LABELS));
    Dataset data = IdxReader.read("tiny", images, labels, 10, 2);
    assertEquals(2, data.size());
    assertEquals(4, data.features());
    assertEquals(10, data.classes());
    assertArrayEquals(new int[] {3, 0}, data.y());
    assertEquals(8, data.x().length);
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("nope-idx3-ubyte.gz");
    DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(missing, 0));
    assertEquals(missing + ": file not found", e.getMessage());
  }

  @Test
  void badMagicNumberIsReportedWithTheExpectedOne() throws IOException {
    Path file = IdxFiles.write(dir.resolve("images.gz"),
        IdxFiles.gzip(IdxFiles.idx(0, new int[] {1, 1, 1}, new byte[1])));
    DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file, 0));
    assertEquals(file + ": bad magic number 0x00000000 (expected 0x00000803 for IDX images)", e.getMessage());
  }

  @Test
  void labelFileGivenAsImagesIsABadMagicNumber() throws IOException {
    Path file = IdxFiles.write(dir.resolve("labels"), IdxFiles.labels(LABELS));
    DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file, 0));
    assertTrue(e.getMessage().contains("bad magic number 0x00000801"), e.getMessage());
  }

  @Test
  void truncatedBodyNamesExpectedAndActualBytes() throws IOException {
    byte[] whole = IdxFiles.images(2, 2, PIXELS);
    Path plain = IdxFiles.write(dir.resolve("plain"), Arrays.copyOf(whole, whole.length - 5));
    DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(plain, 0));
    assertEquals(plain + ": truncated: 3 images of 2×2 need 28 bytes, the file has only 23", e.getMessage());

    Path gzip = IdxFiles.write(dir.resolve("gz"), IdxFiles.gzip(Arrays.copyOf(whole, whole.length - 5)));
    e = assertThrows(DataException.class, () -> IdxReader.readImages(gzip, 0));
    assertEquals(gzip + ": truncated: 3 images of 2×2 need 28 bytes, the file has only 23 (uncompressed)",
        e.getMessage());
  }

  @Test
  void limitReadsOnlyWhatItNeeds() throws IOException {
    byte[] whole = IdxFiles.images(2, 2, PIXELS);
    Path file = IdxFiles.write(dir.resolve("plain"), Arrays.copyOf(whole, whole.length - 4));
    assertEquals(2, IdxReader.readImages(file, 2).count());
  }

  @Test
  void truncatedHeaderIsReported() throws IOException {
    Path empty = IdxFiles.write(dir.resolve("empty"), new byte[0]);
    DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(empty, 10, 0));
    assertEquals(empty + ": truncated: the 8-byte IDX header ends after 0 bytes", e.getMessage());
  }

  @Test
  void cutGzipStreamIsReported() throws IOException {
    byte[] gz = IdxFiles.gzip(IdxFiles.images(2, 2, PIXELS));
    Path file = IdxFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
    DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file, 0));
    assertEquals(file + ": truncated gzip data", e.getMessage());
  }

  @Test
  void garbledGzipStreamIsReported() throws IOException {
    byte[] gz = IdxFiles.gzip(IdxFiles.images(2, 2, PIXELS));
    Arrays.fill(gz, 10, gz.length, (byte) 0xff);
    Path file = IdxFiles.write(dir.resolve("garbled.gz"), gz);
    DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file, 0));
    assertTrue(e.getMessage().startsWith(file + ": corrupt gzip data ("), e.getMessage());
  }

  @Test
  void labelOutOfRangeNamesSampleAndOffset() throws IOException {
    Path file = IdxFiles.write(dir.resolve("labels"), IdxFiles.labels(new byte[] {1, 2, 12}));
    DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(file, 10, 0));
    assertEquals(file + ": label 12 of sample 2 (offset 10) is outside [0, 10)", e.getMessage());
  }

  @Test
  void countMismatchBetweenImagesAndLabelsIsReported() throws IOException {
    Path images = IdxFiles.write(dir.resolve("images"), IdxFiles.images(2, 2, PIXELS));
    Path labels = IdxFiles.write(dir.resolve("labels"), IdxFiles.labels(new byte[] {1, 2}));
    DataException e = assertThrows(DataException.class, () -> IdxReader.read("x", images, labels, 10, 0));
    assertEquals(labels + ": holds 2 labels but " + images + " holds 3 images", e.getMessage());
  }

  @Test
  void negativeDimensionIsReported() throws IOException {
    Path file = IdxFiles.write(dir.resolve("images"),
        IdxFiles.idx(IdxReader.IMAGES_MAGIC, new int[] {1, -2, 2}, new byte[4]));
    DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file, 0));
    assertEquals(file + ": dimension 1 of the IDX header is -2", e.getMessage());
  }

  @Test
  void readsRealFashionMnist() {
    Path images = FashionMnist.assumeInstalled().resolve("train-images-idx3-ubyte.gz");
    IdxReader.Images read = IdxReader.readImages(images, 0);
    assertEquals(60_000, read.count());
    assertEquals(28, read.rows());
  }
}
