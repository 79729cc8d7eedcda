package io.edgeweave.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.metrics.RunStatus;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.SummaryWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The takeover figures a director writes: the first unit of work after the takeover, timed from the removal. */
class TakeoverTimerTest {
  private static final RunSummary SUMMARY = new RunSummary("s", 1, RunStatus.COMPLETED, null, 0.5, 10, 10, 100, 50, 200,
      0, 0, 0, 0, Map.of(), Map.of(), Instant.parse("2026-12-06T14:00:00Z"), 0);

  @Test
  void aRunNoStandbyTookOverKeepsItsSummary() {
    TakeoverTimer timer = new TakeoverTimer(null);
    timer.progressed();
    assertSame(SUMMARY, timer.stamp(SUMMARY));
  }

  @Test
  void theFirstUnitOfWorkIsTimedFromTheRemovalAndLaterOnesChangeNothing(@TempDir Path dir) throws Exception {
    long removed = System.nanoTime() - 5_000_000;
    RunSummary.Takeover standby = new RunSummary.Takeover("a", "b", Instant.parse("2026-12-06T14:00:01Z"), null, 1.5);
    TakeoverTimer timer = new TakeoverTimer(new TakenOver(standby, removed));
    assertNull(timer.stamp(SUMMARY).takeover().firstProgressMs(), "nothing done yet");

    timer.progressed();
    double bound = (System.nanoTime() - removed) / 1e6;
    Thread.sleep(20);
    timer.progressed();
    RunSummary.Takeover written = timer.stamp(SUMMARY).takeover();

    assertTrue(written.firstProgressMs() >= 5 && written.firstProgressMs() <= bound, written.toString());
    assertNull(written.firstAnswerMs());
    Path file = dir.resolve("summary.json");
    SummaryWriter.write(file, timer.stamp(SUMMARY));
    assertEquals(written, SummaryWriter.read(file).takeover());
    String json = Files.readString(file);
    assertTrue(json.contains("\"first_progress_ms\""), json);
    assertFalse(json.contains("first_answer_ms"), "JMSNAS's field, absent for another workload: " + json);
  }

  @Test
  void aJmsnasRunsFirstAnswerIsItsFirstUnitOfWork() {
    TakenOver takenOver = new TakenOver(new RunSummary.Takeover("a", "b", Instant.now(), 3000.0, 1.5), 1_000_000);
    RunSummary.Takeover figures = takenOver.withFirstAnswerAt(251_000_000);
    assertEquals(250.0, figures.firstAnswerMs());
    assertEquals(250.0, figures.firstProgressMs());
    assertNull(takenOver.withFirstAnswerAt(0).firstProgressMs(), "none answered");
  }
}
