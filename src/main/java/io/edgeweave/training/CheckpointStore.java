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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints of one run, as files {@code step-NNNNNN.ckpt} in one directory, each written by
 * {@link ChecksummedFiles}: a crash mid-write leaves the previous checkpoint intact, and when a file fails its
 * checksum the previous checkpoint is used instead, with a warning. The newest {@value #KEPT} are kept.
 */
public final class CheckpointStore {
  static final int KEPT = 2;
  private static final Pattern NAME = Pattern.compile("step-(\\d{6,})\\.ckpt");

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
    ChecksummedFiles.write(directory.resolve(String.format("step-%06d.ckpt", checkpoint.step())), checkpoint);
    List<Path> files = files();
    for (Path old : files.subList(0, Math.max(0, files.size() - KEPT))) Files.deleteIfExists(old);
  }

  /** The newest checkpoint whose file is intact, newest first; none if no file is. */
  public Latest latest() {
    List<Path> files = files();
    List<String> warnings = new ArrayList<>();
    for (int i = files.size() - 1; i >= 0; i--) {
      try {
        return new Latest(Optional.of(ChecksummedFiles.read(files.get(i), RunCheckpoint.class)), warnings);
      } catch (IOException e) {
        warnings.add(files.get(i) + ": not a readable checkpoint (" + e.getMessage().lines().findFirst().orElse("")
            + ")" + (i > 0 ? "; using the one before it" : ""));
      }
    }
    return new Latest(Optional.empty(), warnings);
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
