package io.edgeweave.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** An output folder made before any work starts, or one line that says why it cannot be. */
final class OutputFolder {
  private OutputFolder() {}

  /** Creates {@code dir} and checks that a file can be written in it; null after printing why not. */
  static Path create(String command, Path dir) {
    try {
      Files.createDirectories(dir);
      Files.delete(Files.createTempFile(dir, ".edgeweave-", ".probe"));
      return dir;
    } catch (IOException e) {
      System.err.println(command + ": cannot write to " + dir + ": " + reason(e));
      return null;
    }
  }

  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) return "permission denied";
    if (e instanceof FileAlreadyExistsException) return "a file that is not a directory is in the way";
    if (e instanceof NoSuchFileException) return "no folder can be made there (no such file or directory)";
    if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason().toLowerCase(Locale.ROOT);
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
