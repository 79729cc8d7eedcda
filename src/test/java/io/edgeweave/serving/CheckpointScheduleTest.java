package io.edgeweave.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeweave.serving.CheckpointSchedule.Next;
import org.junit.jupiter.api.Test;

class CheckpointScheduleTest {
  @Test
  void aCheckpointIsTakenEveryFewRequestsWhenQuietAndNoWriteIsInFlight() {
    CheckpointSchedule schedule = new CheckpointSchedule(100, 25, 0);
    assertEquals(Next.SERVE, schedule.next(0, false, true), "nothing served yet");
    assertEquals(Next.SERVE, schedule.next(24, false, true));
    assertEquals(Next.SERVE, schedule.next(25, false, false), "not quiet: skipped");
    assertEquals(Next.CHECKPOINT, schedule.next(25, false, true));
    schedule.writing();
    assertEquals(Next.SERVE, schedule.next(50, false, true), "the last write still runs: skipped");
    schedule.written(25, true);
    assertEquals(25, schedule.newest());
    assertEquals(Next.SERVE, schedule.next(25, false, true), "on disk already");
    schedule.writing();
    schedule.written(50, false);
    assertEquals(25, schedule.newest(), "a write that failed is not on disk");
    assertEquals(Next.FINISH, schedule.next(100, false, true));
  }

  @Test
  void aRunAskedToStopWaitsForItsWritesTakesACheckpointIfItsNewestIsOlderAndEnds() {
    CheckpointSchedule schedule = new CheckpointSchedule(100, 0, 0);
    assertEquals(Next.STOP, schedule.next(0, true, true), "nothing served: nothing to save");
    assertEquals(Next.CHECKPOINT, schedule.next(7, true, true));
    schedule.writing();
    assertEquals(Next.AWAIT_WRITES, schedule.next(7, true, true));
    schedule.written(7, true);
    assertEquals(Next.STOP, schedule.next(7, true, true));
    assertEquals(Next.SERVE, schedule.next(9, true, false), "not quiet: the next request first");
    assertEquals(Next.STOP, new CheckpointSchedule(100, 0, 40).next(40, true, true), "resumed from that one");
  }
}
