package io.edgeweave.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.edgeweave.metrics.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The checkpoints of one run, as files {@code step-NNNNNN.ckpt} (CBOR, then its CRC-32C in 4 bytes) in one
 * directory. Each file is written to a temporary name, synced and renamed, so a file that exists is complete: a
 * crash mid-write leaves the previous checkpoint intact. A file damaged later (a bad disk, a copy cut short) fails
 * its checksum, and the previous checkpoint is used instead, with a warning. The newest {@value #KEPT} are kept.
 */
public final class CheckpointStore {
  static final int KEPT = 2;
  private static final Pattern NAME = Pattern.compile("step-(\\d{6,})\\.ckpt");
  private static final ObjectMapper CBOR = CBORMapper.builder().addModule(new Jdk8Module()).build();

  private final Path directory;

  public CheckpointStore(Path directory) {
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }

  /** The newest readable checkpoint, and a warning for each newer file that was not readable. */
  public record Latest(Optional<RunCheckpoint> checkpoint, List<String> warnings) {
    public Latest {
      warnings = List.copyOf(warnings);
    }
  }

  /** Writes the checkpoint durably, then deletes all but the newest {@value #KEPT}. */
  public void save(RunCheckpoint checkpoint) throws IOException {
    byte[] body = CBOR.writeValueAsBytes(checkpoint);
    byte[] file = Arrays.copyOf(body, body.length + Integer.BYTES);
    ByteBuffer.wrap(file, body.length, Integer.BYTES).putInt(crc(body, body.length));
    AtomicFiles.write(directory.resolve(String.format("step-%06d.ckpt", checkpoint.step())), file);
    List<Path> files = files();
    for (Path old : files.subList(0, Math.max(0, files.size() - KEPT))) Files.deleteIfExists(old);
  }

  /** The newest checkpoint whose file is intact, newest first; none if no file is. */
  public Latest latest() {
    List<Path> files = files();
    List<String> warnings = new ArrayList<>();
    for (int i = files.size() - 1; i >= 0; i--) {
      try {
        return new Latest(Optional.of(read(files.get(i))), warnings);
      } catch (IOException e) {
        warnings.add(files.get(i) + ": not a readable checkpoint (" + e.getMessage().lines().findFirst().orElse("")
            + ")" + (i > 0 ? "; using the one before it" : ""));
      }
    }
    return new Latest(Optional.empty(), warnings);
  }

  private static RunCheckpoint read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int length = bytes.length - Integer.BYTES;
    if (length <= 0 || ByteBuffer.wrap(bytes, length, Integer.BYTES).getInt() != crc(bytes, length)) {
      throw new IOException("its checksum does not match: the file is damaged");
    }
    return CBOR.readValue(bytes, 0, length, RunCheckpoint.class);
  }

  private static int crc(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }

  /** Checkpoint files, oldest first. */
  private List<Path> files() {
    if (!Files.isDirectory(directory)) return List.of();
    try (Stream<Path> listing = Files.list(directory)) {
      return listing
          .filter(p -> NAME.matcher(p.getFileName().toString()).matches())
          .sorted(Comparator.comparingLong(CheckpointStore::step))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long step(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    if (!m.matches()) throw new IllegalArgumentException(file.toString());
    return Long.parseLong(m.group(1));
  }
}
