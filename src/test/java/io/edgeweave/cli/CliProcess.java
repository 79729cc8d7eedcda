package io.edgeweave.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code edgeweave} in a JVM of its own, for tests that stop or kill a real process. */
public final class CliProcess {
  private CliProcess() {}

  /** Starts {@code edgeweave ARGS}, its output (both streams) in {@code log}. */
  public static Process launch(List<String> args, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
