package io.edgeweave.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests. */
final class IdxFiles {
  private IdxFiles() {}

  /** The bytes of an IDX image file holding {@code pixels} as {@code count × rows × cols}. */
  static byte[] images(int rows, int cols, byte[] pixels) {
    return idx(IdxReader.IMAGES_MAGIC, new int[] {pixels.length / (rows * cols), rows, cols}, pixels);
  }

  static byte[] labels(byte[] labels) {
    return idx(IdxReader.LABELS_MAGIC, new int[] {labels.length}, labels);
  }

  static byte[] idx(int magic, int[] dims, byte[] body) {
    ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dims.length + body.length);
    buffer.putInt(magic);
    for (int d : dims) {
      buffer.putInt(d);
    }
    return buffer.put(body).array();
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  static Path write(Path file, byte[] bytes) throws IOException {
    return Files.write(file, bytes);
  }
}
