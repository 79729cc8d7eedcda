package io.edgeweave.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeweave.metrics.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Measured accuracies on disk, one small JSON file per key (a SHA-256 of the key names the file; the file
 * repeats the key, so a hash collision reads as a miss). Files are replaced atomically, so concurrent
 * runs at worst measure the same candidate twice.
 */
public final class AccuracyCache {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;

  public AccuracyCache(Path directory) {
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }

  /** A stored measurement. */
  public record Entry(String key, Accuracy accuracy, double trainSeconds) {}

  public Optional<Entry> get(String key) {
    Path file = file(key);
    if (!Files.isRegularFile(file)) return Optional.empty();
    try {
      Entry entry = JSON.readValue(file.toFile(), Entry.class);
      return entry.key().equals(key) ? Optional.of(entry) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // unreadable: measure again and replace it
    }
  }

  public void put(Entry entry) {
    Path file = file(entry.key());
    try {
      AtomicFiles.write(file, JSON.writeValueAsBytes(entry));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the accuracy cache " + directory + ": " + e.getMessage(), e);
    }
  }

  private Path file(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return directory.resolve(HexFormat.of().formatHex(digest, 0, 16) + ".json");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
