package io.edgeweave.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeweave.runtime.RunControl;
import io.edgeweave.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep of collaborative runs stopped through its {@link RunControl} while its second run is in flight keeps the
 * first in sweep.csv and not the second; run again, it keeps the first, resumes the second from its checkpoints and
 * ends with the rows of the sweep never stopped.
 */
class SweepStopTest {
  /** Two collaborative runs of 8 rounds. */
  static Path sweepFile() throws Exception {
    return Path.of(SweepStopTest.class.getResource("/sweeps/collab-sweep.conf").toURI());
  }


  @Test
  void aSweepStoppedMidRunKeepsTheRunsDoneAndResumesTheOneInFlight(@TempDir Path dir) throws Exception {
    ScenarioLoader.LoadedSweep sweep = ScenarioLoader.loadSweep(sweepFile(), List.of());
    SweepRunner.run(sweep, dir.resolve("whole"), p -> {}, new RunControl());

    Path out = dir.resolve("stopped");
    RunControl control = new RunControl();
    Thread stopper = new Thread(() -> stopOnceItHasRows(out.resolve("runs/002-20/metrics.csv"), control));
    stopper.setDaemon(true);
    stopper.start();
    List<SweepRow> first = SweepRunner.run(sweep, out, p -> {}, control);

    assertEquals(1, first.size(), "the first run only");
    assertEquals(2, Files.readAllLines(out.resolve("sweep.csv")).size(), "the header and the run done");
    assertEquals("interrupted", new ObjectMapper().readTree(out.resolve("runs/002-20/summary.json").toFile())
        .get("status").asText());

    List<String> progress = new CopyOnWriteArrayList<>();
    assertEquals(2, SweepRunner.run(sweep, out, progress::add, new RunControl()).size());

    assertTrue(progress.contains("[1/2] participants=10: done before, kept"), progress.toString());
    assertTrue(progress.contains("[2/2] participants=20: resuming from its checkpoints"), progress.toString());
    assertEquals(deterministic(dir.resolve("whole")), deterministic(out), "the rows of the sweep never stopped");
    assertEquals(9, Files.readAllLines(out.resolve("runs/002-20/metrics.csv")).size(), "each round once");
  }

  @Test
  void aStopStopsEveryRunInFlightWhenRunsRunAtOnce(@TempDir Path dir) throws Exception {
    // long enough that neither run ends before the other has started, however the machine is loaded
    ScenarioLoader.LoadedSweep sweep = ScenarioLoader.loadSweep(sweepFile(), List.of("workload.rounds = 30"));
    RunControl control = new RunControl();
    Thread stopper = new Thread(() -> stopOnceBothHaveRounds(dir, control));
    stopper.setDaemon(true);
    stopper.start();

    assertEquals(List.of(), SweepRunner.run(sweep, dir, p -> {}, control, 2), "neither run ended");

    assertFalse(Files.exists(dir.resolve("sweep.csv")), "no run to record");
    for (String run : List.of("runs/001-10", "runs/002-20")) {
      assertEquals("interrupted", new ObjectMapper().readTree(dir.resolve(run + "/summary.json").toFile())
          .get("status").asText(), run);
    }
    List<String> progress = new CopyOnWriteArrayList<>();
    List<SweepRow> rows = SweepRunner.run(sweep, dir, progress::add, new RunControl(), 2);
    assertEquals(List.of("10", "20"), rows.stream().map(r -> r.labels().get("participants")).toList());
    assertTrue(progress.contains("[1/2] participants=10: resuming from its checkpoints"), progress.toString());
    assertTrue(progress.contains("[2/2] participants=20: resuming from its checkpoints"), progress.toString());
    assertEquals(31, Files.readAllLines(dir.resolve("runs/001-10/metrics.csv")).size(), "each round once");
    assertEquals(3, Files.readAllLines(dir.resolve("sweep.csv")).size());
  }

  private static void stopOnceBothHaveRounds(Path dir, RunControl control) {
    try {
      while (rows(dir.resolve("runs/001-10/metrics.csv")) < 2 || rows(dir.resolve("runs/002-20/metrics.csv")) < 2) {
        Thread.sleep(20);
      }
      control.interrupt("test");
    } catch (Exception e) {
      control.interrupt("test, early: " + e);
    }
  }

  private static int rows(Path csv) throws IOException {
    return Files.exists(csv) ? Files.readAllLines(csv).size() : 0;
  }

  /** The lines of a sweep's {@code sweep.csv} without its columns of wall time. */
  static List<String> deterministic(Path sweep) throws IOException {
    List<String> lines = Files.readAllLines(sweep.resolve("sweep.csv"));
    List<String> header = List.of(lines.get(0).split(",", -1));
    Set<Integer> measured = Set.of(header.indexOf("wall_time_ms"), header.indexOf("samples_per_second"));
    return lines.stream().map(line -> {
      String[] cells = line.split(",", -1);
      return IntStream.range(0, cells.length).filter(i -> !measured.contains(i)).mapToObj(i -> cells[i])
          .collect(Collectors.joining(","));
    }).toList();
  }

  private static void stopOnceItHasRows(Path csv, RunControl control) {
    try {
      while (!Files.exists(csv) || Files.readAllLines(csv).size() < 3) Thread.sleep(20);
      control.interrupt("test");
    } catch (Exception e) {
      control.interrupt("test, early: " + e);
    }
  }
}
