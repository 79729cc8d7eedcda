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
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The checkpoints of one run, as files {@code UNIT-NNNNNN.ckpt} (CBOR, then its CRC-32C in 4 bytes) in one
 * directory, numbered by the step (or round) after which each was taken. Each file is written to a temporary name,
 * synced and renamed, so a file that exists is complete: a crash mid-write leaves the previous checkpoint intact. A
 * file damaged later (a bad disk, a copy cut short) fails its checksum, and the previous checkpoint is used instead,
 * with a warning. The newest {@value #KEPT} are kept.
 */
public final class CheckpointStore<T> {
  static final int KEPT = 2;
  private static final ObjectMapper CBOR = CBORMapper.builder().addModule(new Jdk8Module()).build();

  private final Path directory;
  private final String unit;
  private final Pattern name;
  private final Class<T> type;
  private final ToLongFunction<T> number;

  /**
   * @param unit what the files are numbered by, the start of their names ({@code step}, {@code round})
   * @param number the step or round after which a checkpoint was taken
   */
  public CheckpointStore(Path directory, String unit, Class<T> type, ToLongFunction<T> number) {
    this.directory = directory;
    this.unit = unit;
    this.name = Pattern.compile(Pattern.quote(unit) + "-(\\d{6,})\\.ckpt");
    this.type = type;
    this.number = number;
  }

  /** The checkpoints of a split-training run, by step. */
  public static CheckpointStore<RunCheckpoint> steps(Path directory) {
    return new CheckpointStore<>(directory, "step", RunCheckpoint.class, RunCheckpoint::step);
  }

  public Path directory() {
    return directory;
  }

  /** The newest readable checkpoint, and a warning for each newer file that was not readable. */
  public record Latest<T>(Optional<T> checkpoint, List<String> warnings) {
    public Latest {
      warnings = List.copyOf(warnings);
    }
  }

  /** Writes the checkpoint durably, then deletes all but the newest {@value #KEPT}. */
  public void save(T checkpoint) throws IOException {
    byte[] body = CBOR.writeValueAsBytes(checkpoint);
    byte[] file = Arrays.copyOf(body, body.length + Integer.BYTES);
    ByteBuffer.wrap(file, body.length, Integer.BYTES).putInt(crc(body, body.length));
    AtomicFiles.write(directory.resolve(String.format("%s-%06d.ckpt", unit, number.applyAsLong(checkpoint))), file);
    List<Path> files = files();
    for (Path old : files.subList(0, Math.max(0, files.size() - KEPT))) Files.deleteIfExists(old);
  }

  /** The newest checkpoint whose file is intact, newest first; none if no file is. */
  public Latest<T> latest() {
    List<Path> files = files();
    List<String> warnings = new ArrayList<>();
    for (int i = files.size() - 1; i >= 0; i--) {
      try {
        return new Latest<>(Optional.of(read(files.get(i))), warnings);
      } catch (IOException e) {
        warnings.add(files.get(i) + ": not a readable checkpoint (" + e.getMessage().lines().findFirst().orElse("")
            + ")" + (i > 0 ? "; using the one before it" : ""));
      }
    }
    return new Latest<>(Optional.empty(), warnings);
  }

  private T read(Path file) throws IOException {
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

  /** Checkpoint files, oldest first. */
  private List<Path> files() {
    if (!Files.isDirectory(directory)) return List.of();
    try (Stream<Path> listing = Files.list(directory)) {
      return listing
          .filter(p -> name.matcher(p.getFileName().toString()).matches())
          .sorted(Comparator.comparingLong(this::number))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long number(Path file) {
    Matcher m = name.matcher(file.getFileName().toString());
    if (!m.matches()) throw new IllegalArgumentException(file.toString());
    return Long.parseLong(m.group(1));
  }
}
