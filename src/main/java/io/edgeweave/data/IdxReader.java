package io.edgeweave.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST / Fashion-MNIST format), gzip-compressed or plain; compression is
 * recognised by the gzip magic bytes, not by the file name. Images (unsigned bytes, n × rows × cols)
 * become floats in [0, 1]; labels (unsigned bytes, n) become ints checked against the class count.
 * Every problem is reported as a {@link DataException} naming the file.
 */
public final class IdxReader {
  public static final int IMAGES_MAGIC = 0x00000803;
  public static final int LABELS_MAGIC = 0x00000801;

  private static final int CHUNK = 1 << 16;
  private static final float[] UNIT = new float[256];

  static {
    for (int v = 0; v < 256; v++) {
      UNIT[v] = v / 255f;
    }
  }

  private IdxReader() {}

  /** Images of an IDX image file: {@code count × rows × cols} values in [0, 1], row-major. */
  public record Images(int count, int rows, int cols, float[] pixels) {}

  /**
   * Reads an image file and its label file into one dataset.
   *
   * @param limit read at most this many samples (0 = all)
   */
  public static Dataset read(String name, Path images, Path labels, int classes, int limit) {
    try (IdxFile imageFile = IdxFile.open(images, IMAGES_MAGIC, "images");
        IdxFile labelFile = IdxFile.open(labels, LABELS_MAGIC, "labels")) {
      if (imageFile.count() != labelFile.count()) {
        throw new DataException(labels + ": holds " + labelFile.count() + " labels but " + images
            + " holds " + imageFile.count() + " images");
      }
      Images read = imageFile.images(limit);
      return new Dataset(name, read.rows() * read.cols(), classes, read.pixels(), labelFile.labels(classes, limit));
    }
  }

  /** Reads at most {@code limit} images (0 = all) of an IDX image file. */
  public static Images readImages(Path file, int limit) {
    try (IdxFile idx = IdxFile.open(file, IMAGES_MAGIC, "images")) {
      return idx.images(limit);
    }
  }

  /** Reads at most {@code limit} labels (0 = all) of an IDX label file, each checked to lie in [0, classes). */
  public static int[] readLabels(Path file, int classes, int limit) {
    try (IdxFile idx = IdxFile.open(file, LABELS_MAGIC, "labels")) {
      return idx.labels(classes, limit);
    }
  }

  /** An open IDX file positioned after its header. */
  private static final class IdxFile implements AutoCloseable {
    private final Path path;
    private final DataInputStream in;
    private final boolean gzip;
    private final String kind;
    private final int[] dims;

    private IdxFile(Path path, DataInputStream in, boolean gzip, String kind, int[] dims) {
      this.path = path;
      this.in = in;
      this.gzip = gzip;
      this.kind = kind;
      this.dims = dims;
    }

    static IdxFile open(Path path, int magic, String kind) {
      InputStream raw = null;
      try {
        raw = new BufferedInputStream(Files.newInputStream(path), CHUNK);
        raw.mark(2);
        boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
        raw.reset();
        InputStream body = gzip ? new GZIPInputStream(raw, CHUNK) : raw;
        IdxFile file = new IdxFile(path, new DataInputStream(body), gzip, kind, new int[magic & 0xff]);
        file.readHeader(magic);
        return file;
      } catch (NoSuchFileException e) {
        throw new DataException(path + ": file not found");
      } catch (IOException e) {
        closeAfterFailure(raw, e);
        throw failure(path, e);
      } catch (DataException e) {
        closeAfterFailure(raw, e);
        throw e;
      }
    }

    int count() {
      return dims[0];
    }

    Images images(int limit) {
      int count = limited(limit);
      int rows = dims[1];
      int cols = dims[2];
      float[] pixels = new float[count * rows * cols];
      byte[] buffer = new byte[CHUNK];
      for (int done = 0; done < pixels.length; ) {
        int len = Math.min(CHUNK, pixels.length - done);
        readBody(buffer, len, done, pixels.length, count + " images of " + rows + "×" + cols);
        for (int i = 0; i < len; i++) {
          pixels[done + i] = UNIT[buffer[i] & 0xff];
        }
        done += len;
      }
      return new Images(count, rows, cols, pixels);
    }

    int[] labels(int classes, int limit) {
      int count = limited(limit);
      byte[] bytes = new byte[count];
      readBody(bytes, count, 0, count, count + " labels");
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = bytes[i] & 0xff;
        if (labels[i] >= classes) {
          throw new DataException(path + ": label " + labels[i] + " of sample " + i + " (offset "
              + (headerBytes() + i) + ") is outside [0, " + classes + ")");
        }
      }
      return labels;
    }

    private void readHeader(int magic) throws IOException {
      byte[] header = new byte[headerBytes()];
      int got = in.readNBytes(header, 0, 4);
      if (got == 4) {
        int found = readInt(header, 0);
        if (found != magic) {
          throw new DataException(String.format("%s: bad magic number 0x%08x (expected 0x%08x for IDX %s)",
              path, found, magic, kind));
        }
        got += in.readNBytes(header, 4, header.length - 4);
      }
      if (got < header.length) {
        throw new DataException(path + ": truncated: the " + header.length + "-byte IDX header ends after "
            + got + " bytes" + uncompressedNote());
      }
      long values = 1;
      for (int d = 0; d < dims.length; d++) {
        dims[d] = readInt(header, 4 + 4 * d);
        if (dims[d] < 0 || (d > 0 && dims[d] == 0)) {
          throw new DataException(path + ": dimension " + d + " of the IDX header is " + dims[d]);
        }
        values *= dims[d];
      }
      if (values > Integer.MAX_VALUE - 8) {
        throw new DataException(path + ": too large to load (" + values + " values)");
      }
    }

    private int limited(int limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("limit must be >= 0 (0 = all), got " + limit);
      }
      return limit == 0 ? count() : Math.min(limit, count());
    }

    /** Reads {@code len} body bytes, {@code done} of {@code total} already read, or reports truncation. */
    private void readBody(byte[] buffer, int len, long done, long total, String what) {
      try {
        int got = in.readNBytes(buffer, 0, len);
        if (got < len) {
          throw new DataException(path + ": truncated: " + what + " need " + (headerBytes() + total)
              + " bytes, the file has only " + (headerBytes() + done + got) + uncompressedNote());
        }
      } catch (IOException e) {
        throw failure(path, e);
      }
    }

    private int headerBytes() {
      return 4 + 4 * dims.length;
    }

    private String uncompressedNote() {
      return gzip ? " (uncompressed)" : "";
    }

    @Override
    public void close() {
      try {
        in.close();
      } catch (IOException e) {
        throw failure(path, e);
      }
    }
  }

  private static int readInt(byte[] b, int at) {
    return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
  }

  private static DataException failure(Path path, Exception e) {
    if (e instanceof EOFException) {
      return new DataException(path + ": truncated gzip data", e);
    }
    if (e instanceof ZipException) {
      return new DataException(path + ": corrupt gzip data (" + e.getMessage() + ")", e);
    }
    return new DataException(path + ": cannot read (" + e + ")", e);
  }

  private static void closeAfterFailure(InputStream stream, Exception failure) {
    if (stream == null) {
      return;
    }
    try {
      stream.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
