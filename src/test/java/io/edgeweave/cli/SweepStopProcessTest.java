package io.edgeweave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.cli.CommandLineTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edgeweave sweep} in its own process, stopped with SIGTERM while its second run is in flight: it exits 143
 * with sweep.csv holding the first run whole, and says how to resume; run again, it keeps the first run and resumes
 * the second.
 */
@Tag("slow")
class SweepStopProcessTest {
  /** Runs long enough to be stopped in the middle. */
  private static final String ROUNDS = "workload.rounds=20";

  @Test
  void aSweepStoppedWithSigtermKeepsItsCsvWholeSaysHowToResumeAndResumes(@TempDir Path dir) throws Exception {
    Path file = Path.of(SweepStopProcessTest.class.getResource("/sweeps/collab-sweep.conf").toURI());
    Path out = dir.resolve("out");
    Path log = dir.resolve("sweep.log");
    Process sweep = EdgeweaveProcess.start(log, "sweep", file.toString(), "--set", ROUNDS, "--out", out.toString());
    try {
      EdgeweaveProcess.awaitRows(out.resolve("runs/002-20/metrics.csv"), 2, sweep);
      sweep.destroy(); // SIGTERM
      assertTrue(sweep.waitFor(60, TimeUnit.SECONDS), "the sweep stops");
    } finally {
      sweep.destroyForcibly();
    }

    String said = Files.readString(log);
    assertEquals(143, sweep.exitValue(), said);
    assertTrue(said.contains("edgeweave: sweep stopped by SIGTERM with 1 of 2 runs done; resume with: ./edgeweave sweep "
        + file + " --set " + ROUNDS + " --out " + out), said);
    List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
    assertEquals(2, csv.size(), "the header and the first run");
    assertTrue(csv.get(1).startsWith("10,,5,completed,"), csv.get(1));

    Result again = CommandLineTest.execute("sweep", file.toString(), "--set", ROUNDS, "--out", out.toString());
    assertEquals(Main.OK, again.code(), again.err());
    assertTrue(again.err().contains("[1/2] participants=10: done before, kept"), again.err());
    assertTrue(again.err().contains("[2/2] participants=20: resuming from its checkpoints"), again.err());
    List<String> resumed = Files.readAllLines(out.resolve("sweep.csv"));
    assertEquals(3, resumed.size());
    assertEquals(csv.get(1), resumed.get(1), "the first run's row kept as it was");
    assertEquals(21, Files.readAllLines(out.resolve("runs/002-20/metrics.csv")).size(), "each round of the second run once");
  }
}
