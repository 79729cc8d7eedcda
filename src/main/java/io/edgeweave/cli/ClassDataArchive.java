package io.edgeweave.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The class-data archive the launcher asks a {@code run} to record (ADR 37): the classes this JVM loaded, written by
 * the JVM itself ({@code VM.cds dynamic_dump}, which needs {@code -XX:+RecordDynamicDumpInfo}) so that later JVMs of
 * the same jar map them instead of loading and verifying them. Written next to its place and moved there in one step:
 * a JVM never maps a half-written archive, and two runs that record at once leave one whole archive.
 */
final class ClassDataArchive {
  /** Where the launcher wants the archive; unset, nothing is recorded. */
  static final String PROPERTY = "edgeweave.cds.archive";

  private ClassDataArchive() {}

  /** Records the archive if the launcher asked for one; says on {@code err} that it does, and what became of it. */
  static void recordIfAsked(PrintStream err) {
    String target = System.getProperty(PROPERTY);
    if (target == null || target.isBlank()) return;
    Path archive = Path.of(target).toAbsolutePath();
    Path partial = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".part");
    err.println("edgeweave: recording the classes of this run in " + archive
        + " for the commands after it (once a build) ...");
    try {
      String said = dump(partial);
      if (!Files.isRegularFile(partial) || Files.size(partial) == 0) {
        String lastLine = said.strip().lines().reduce((a, b) -> b).orElse("");
        throw new IOException(lastLine.isEmpty() ? "the JVM wrote no archive" : lastLine);
      }
      Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      err.printf(Locale.ROOT, "edgeweave: recorded (%.0f MB): later commands start faster%n",
          Files.size(archive) / 1e6);
    } catch (IOException | JMException | RuntimeException e) {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException ignored) {
        // the reason below is the one that matters
      }
      err.println("edgeweave: no class-data archive recorded (" + e.getMessage() + "); commands start as before");
    }
  }

  /**
   * Asks this JVM to write the classes it loaded to {@code file}; returns what the diagnostic command said. The JDK
   * also prints where it dumps on {@code System.out}, which holds the run's result table: that line is dropped.
   */
  private static String dump(Path file) throws JMException {
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      Object said = ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"),
          "vmCds",
          new Object[] {new String[] {"dynamic_dump", file.toString()}},
          new String[] {String[].class.getName()});
      return said == null ? "" : said.toString();
    } finally {
      System.setOut(out);
    }
  }
}
