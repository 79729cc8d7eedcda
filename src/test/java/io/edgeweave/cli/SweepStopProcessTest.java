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
  private static final String SWEEP = """
      name = collab-sweep
      seed = 5
      nodes { cloud { role = cloud, flops = 100 GFLOPS } }
      model { inputs = 20, hidden = [16], classes = 4, updater = adam, learning-rate = 0.01 }
      data { synthetic { train = 1200, test = 300 }, sharding { scheme = dirichlet, alpha = 0.5 } }
      workload {
        type = collaborative-training, cloud = cloud, rounds = 20, participants = 20, local-steps = 2, batch-size = 8
        deadline = 150 ms, eval-every = 5
        devices { count = 40, loss = 0.2, dropout = 0.1, crash = 0.02 }
      }
      sweep { axes = [{ name = participants, key = [workload.participants], values = [10, 20] }] }
      """;

  @Test
  void aSweepStoppedWithSigtermKeepsItsCsvWholeSaysHowToResumeAndResumes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("collab-sweep.conf");
    Files.writeString(file, SWEEP);
    Path out = dir.resolve("out");
    Path log = dir.resolve("sweep.log");
    Process sweep = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
            "-cp", System.getProperty("java.class.path"), Main.class.getName(),
            "sweep", file.toString(), "--out", out.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Path second = out.resolve("runs/002-20/metrics.csv");
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!Files.exists(second) || Files.readAllLines(second).size() < 3) {
        assertTrue(sweep.isAlive(), "the sweep ended before it was stopped");
        assertTrue(System.nanoTime() < deadline, "the second run did not start in 3 minutes");
        Thread.sleep(50);
      }
      sweep.destroy(); // SIGTERM
      assertTrue(sweep.waitFor(60, TimeUnit.SECONDS), "the sweep stops");
    } finally {
      sweep.destroyForcibly();
    }

    String said = Files.readString(log);
    assertEquals(143, sweep.exitValue(), said);
    assertTrue(said.contains("edgeweave: sweep stopped by SIGTERM with 1 of 2 runs done; resume with: ./edgeweave sweep "
        + file + " --out " + out), said);
    List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
    assertEquals(2, csv.size(), "the header and the first run");
    assertTrue(csv.get(1).startsWith("10,,completed,"), csv.get(1));

    Result again = CommandLineTest.execute("sweep", file.toString(), "--out", out.toString());
    assertEquals(Main.OK, again.code(), again.err());
    assertTrue(again.err().contains("[1/2] participants=10: done before, kept"), again.err());
    assertTrue(again.err().contains("[2/2] participants=20: resuming from its checkpoints"), again.err());
    List<String> resumed = Files.readAllLines(out.resolve("sweep.csv"));
    assertEquals(3, resumed.size());
    assertEquals(csv.get(1), resumed.get(1), "the first run's row kept as it was");
    assertEquals(21, Files.readAllLines(out.resolve("runs/002-20/metrics.csv")).size(), "each round of the second run once");
  }
}
