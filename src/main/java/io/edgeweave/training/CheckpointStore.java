package io.edgeweave.training;

import io.edgeweave.metrics.ChecksummedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints of one run, as files {@code <prefix>-NNNNNN.ckpt} in one directory, numbered by the step (or
 * request) they were taken after, each written by {@link ChecksummedFiles}: a crash mid-write leaves the previous
 * checkpoint intact, and when a file fails its checksum the previous checkpoint is used instead, with a warning.
 * The newest {@value #KEPT} are kept.
 *
 * @param <T> what a checkpoint holds
 */
public final class CheckpointStore<T> {
  static final int KEPT = 2;

  private final Path directory;
  private final String prefix;
  private final Pattern name;
  private final Class<T> type;
  private final ToLongFunction<T> number;

  /**
   * @param prefix the files' names before their number
   * @param number the step (or request) a checkpoint is numbered by
   */
  public CheckpointStore(Path directory, String prefix, Class<T> type, ToLongFunction<T> number) {
    this.directory = directory;
    this.prefix = prefix;
    this.name = Pattern.compile(Pattern.quote(prefix) + "-(\\d{6,})\\.ckpt");
    this.type = type;
    this.number = number;
  }

  /** The checkpoints of a split-training run, {@code step-NNNNNN.ckpt}. */
  public static CheckpointStore<RunCheckpoint> training(Path directory) {
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
    ChecksummedFiles.write(directory.resolve(String.format("%s-%06d.ckpt", prefix, number.applyAsLong(checkpoint))), checkpoint);
    List<Path> files = files();
    for (Path old : files.subList(0, Math.max(0, files.size() - KEPT))) Files.deleteIfExists(old);
  }

  /** The newest checkpoint whose file is intact, newest first; none if no file is. */
  public Latest<T> latest() {
    List<Path> files = files();
    List<String> warnings = new ArrayList<>();
    for (int i = files.size() - 1; i >= 0; i--) {
      try {
        return new Latest<>(Optional.of(ChecksummedFiles.read(files.get(i), type)), warnings);
      } catch (IOException e) {
        warnings.add(files.get(i) + ": not a readable checkpoint (" + e.getMessage().lines().findFirst().orElse("")
            + ")" + (i > 0 ? "; using the one before it" : ""));
      }
    }
    return new Latest<>(Optional.empty(), warnings);
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
