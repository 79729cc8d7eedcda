package io.edgeweave.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.edgeweave.metrics.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints of one run, as files {@code step-NNNNNN.ckpt} (CBOR) in one directory. Each file is written to a
 * temporary name, synced and renamed, so a file that exists is complete: a crash mid-write leaves the previous
 * checkpoint intact. The newest {@value #KEPT} are kept.
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

  /** Writes the checkpoint durably, then deletes all but the newest {@value #KEPT}. */
  public void save(RunCheckpoint checkpoint) throws IOException {
    AtomicFiles.write(directory.resolve(String.format("step-%06d.ckpt", checkpoint.step())), CBOR.writeValueAsBytes(checkpoint));
    List<Path> files = files();
    for (Path old : files.subList(0, Math.max(0, files.size() - KEPT))) Files.deleteIfExists(old);
  }

  /** The newest checkpoint, if any was saved. */
  public Optional<RunCheckpoint> latest() throws IOException {
    List<Path> files = files();
    if (files.isEmpty()) return Optional.empty();
    Path newest = files.get(files.size() - 1);
    try {
      return Optional.of(CBOR.readValue(newest.toFile(), RunCheckpoint.class));
    } catch (IOException e) {
      throw new IOException(newest + ": not a readable checkpoint (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
    }
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
