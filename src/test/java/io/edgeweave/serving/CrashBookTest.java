package io.edgeweave.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.serving.CrashBook.Crash;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CrashBookTest {
  @Test
  void aCrashIsHandledOnceItsReportAndItsDeathAreBothKnownInEitherOrder() {
    CrashBook book = new CrashBook();
    Crash crash = new Crash(0, 1500);
    assertEquals(Optional.empty(), book.reported("edge-1", crash));
    assertFalse(book.quiet(), "a crash known in part");
    assertEquals(Optional.of(crash), book.died("edge-1"));
    assertTrue(book.quiet());

    Crash other = new Crash(1, 2500);
    assertEquals(Optional.empty(), book.died("edge-2"));
    assertFalse(book.quiet(), "a death without its cause");
    assertEquals(Optional.of(other), book.reported("edge-2", other));
    assertEquals(Map.of("edge-1", crash, "edge-2", other), book.crashed());
  }

  @Test
  void aNodeOfAHaltedJvmTakesTheKillsFaultAndTheDetectionIsTimedFromTheHalt() {
    CrashBook book = new CrashBook();
    Crash kill = new Crash(2, 700);
    book.killed("edge-1", kill, 1_000_000_000L);
    assertFalse(book.quiet(), "a halted JVM whose loss is not seen yet");

    assertEquals(OptionalDouble.of(4250.0), book.detected("edge-1", 5_250_000_000L));
    assertEquals(Optional.of(kill), book.died("edge-1"));
    assertEquals(OptionalDouble.empty(), book.detected("edge-1", 6_000_000_000L), "timed once");
    assertEquals(Optional.of(kill), book.died("cloud"), "hosted on the same JVM, it reported nothing");
    assertTrue(book.quiet());
    assertEquals(kill, book.lastKill());
  }

  @Test
  void everyFaultThatStruckANodeIsKeptAndARestartClearsItsCrash() {
    CrashBook book = new CrashBook();
    book.reported("edge-1", new Crash(0, 100));
    book.died("edge-1");
    book.restarted("edge-1");
    assertEquals(Optional.empty(), book.crashOf("edge-1"));
    book.reported("edge-1", new Crash(3, 900));
    book.died("edge-1");

    assertEquals(Set.of(0, 3), book.struck("edge-1"));
    assertEquals(Optional.of(new Crash(3, 900)), book.crashOf("edge-1"));
    assertEquals(Set.of(), book.struck("edge-2"));

    CrashBook resumed = new CrashBook();
    resumed.restore(book.crashed(), book.struck(), book.lastKill());
    assertEquals(book.crashed(), resumed.crashed());
    assertEquals(book.struck(), resumed.struck());
  }
}
