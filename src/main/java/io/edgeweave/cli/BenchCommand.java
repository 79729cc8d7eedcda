package io.edgeweave.cli;

import picocli.CommandLine.Command;

/** Placeholder until the benchmark lands. */
@Command(name = "bench", description = "Benchmarks.")
public final class BenchCommand implements Runnable {
  @Override
  public void run() {}
}
