package io.edgeweave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class-data archive a run records for the JVMs after it (ADR 37), as the launcher asks for it. */
class ClassDataArchiveTest {
  @TempDir Path dir;

  @Test
  void aCompletedRunRecordsAnArchiveThatTheNextJvmMaps() throws Exception {
    // a JVM archives classes from jars only: the project's classes go into one, as in target/edgeweave.jar
    String classpath = jarredClasspath();
    Path archive = dir.resolve("edgeweave.jsa");
    Path log = dir.resolve("run.log");
    Process run = java(log, classpath, "-XX:+RecordDynamicDumpInfo", "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
        "-D" + ClassDataArchive.PROPERTY + "=" + archive, Main.class.getName(), "run", "scenarios/quickstart.conf",
        "--quiet", "--set", "workload.steps=4", "--out", dir.resolve("run").toString());
    assertTrue(run.waitFor(3, TimeUnit.MINUTES), "the run ends");
    String said = Files.readString(log);
    assertEquals(0, run.exitValue(), said);
    assertTrue(said.contains("edgeweave: recording the classes of this run in " + archive), said);
    assertTrue(said.contains("edgeweave: recorded ("), said);
    assertFalse(said.contains("Dynamic dump"), "the JDK's own line stays off the result table: " + said);
    assertTrue(Files.size(archive) > 1_000_000, "an archive of the run's classes");
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".part")), "no partial archive is left");
    }

    // -Xshare:on refuses to start when the archive cannot be mapped
    Path version = dir.resolve("version.log");
    Process next =
        java(version, classpath, "-XX:SharedArchiveFile=" + archive, "-Xshare:on", Main.class.getName(), "--version");
    assertTrue(next.waitFor(1, TimeUnit.MINUTES), "the next JVM ends");
    assertEquals(0, next.exitValue(), Files.readString(version));
  }

  @Test
  void aJvmThatCannotRecordSaysWhyAndLeavesNothing() throws Exception {
    // this test JVM runs without -XX:+RecordDynamicDumpInfo, so it cannot write an archive
    Path archive = dir.resolve("edgeweave.jsa");
    String before = System.getProperty(ClassDataArchive.PROPERTY);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setProperty(ClassDataArchive.PROPERTY, archive.toString());
      ClassDataArchive.recordIfAsked(new PrintStream(err, true, StandardCharsets.UTF_8));
    } finally {
      if (before == null) System.clearProperty(ClassDataArchive.PROPERTY);
      else System.setProperty(ClassDataArchive.PROPERTY, before);
    }
    List<String> said = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(2, said.size(), "what it tries, why it could not: " + said);
    assertTrue(said.get(1).startsWith("edgeweave: no class-data archive recorded ("), said.get(1));
    assertTrue(said.get(1).endsWith("commands start as before"), said.get(1));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(), files.toList(), "no archive, no partial one");
    }
  }

  @Test
  void nothingIsRecordedUnlessTheLauncherAsks() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ClassDataArchive.recordIfAsked(new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  /** This JVM's class path with the project's classes packed into a jar in the temporary folder, without the tests'. */
  private String jarredClasspath() throws IOException {
    List<String> entries = new ArrayList<>();
    Path jar = dir.resolve("classes.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path path = Path.of(entry);
        if (!Files.isDirectory(path)) {
          entries.add(entry);
          continue;
        }
        if (path.endsWith("test-classes")) continue; // the tests' own configuration is not the command's
        try (Stream<Path> files = Files.walk(path)) {
          for (Path file : files.filter(Files::isRegularFile).toList()) {
            String name = path.relativize(file).toString().replace(File.separatorChar, '/');
            out.putNextEntry(new JarEntry(name));
            Files.copy(file, out);
            out.closeEntry();
          }
        }
      }
    }
    entries.add(0, jar.toString());
    return String.join(File.pathSeparator, entries);
  }

  private static Process java(Path log, String classpath, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp", classpath));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
