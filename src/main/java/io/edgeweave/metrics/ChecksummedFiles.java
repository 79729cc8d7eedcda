package io.edgeweave.metrics;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A value saved as CBOR followed by its CRC-32C in 4 bytes, written to a temporary name, synced and renamed: a file
 * that exists is complete, and one damaged later (a bad disk, a copy cut short) fails its checksum when read.
 */
public final class ChecksummedFiles {
  // as Pekko's Jackson: derived accessors (e.g. a record's isX()) are written but not read back
  private static final ObjectMapper CBOR =
      CBORMapper.builder().addModule(new Jdk8Module()).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private ChecksummedFiles() {}

  public static void write(Path file, Object value) throws IOException {
    byte[] body = CBOR.writeValueAsBytes(value);
    byte[] content = Arrays.copyOf(body, body.length + Integer.BYTES);
    ByteBuffer.wrap(content, body.length, Integer.BYTES).putInt(crc(body, body.length));
    AtomicFiles.write(file, content);
  }

  /** The value of a file {@link #write} wrote; an {@link IOException} when the file is damaged or of another type. */
  public static <T> T read(Path file, Class<T> type) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int length = bytes.length - Integer.BYTES;
    if (length <= 0 || ByteBuffer.wrap(bytes, length, Integer.BYTES).getInt() != crc(bytes, length)) {
      throw new IOException("its checksum does not match: the file is damaged");
    }
    return CBOR.readValue(bytes, 0, length, type);
  }

  private static int crc(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }
}
