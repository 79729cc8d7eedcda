package io.edgeweave.collab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.collab.RoundLedger.Arrival;
import io.edgeweave.collab.RoundLedger.Outcome;
import io.edgeweave.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundLedgerTest {
  private static final double START = 1000;
  private static final double DEADLINE = 500;

  static DeviceUpdate update(int round, int device) {
    return new DeviceUpdate(round, device, Tensor.of(new int[] {1}, new float[] {device}), 10, 1, 0.5, 1, 1, START);
  }

  @Test
  void everyDeviceEndsWithExactlyOneOutcome() {
    RoundLedger ledger = new RoundLedger(3, new int[] {2, 5, 7, 9, 11}, START, DEADLINE);

    assertEquals(Arrival.ACCEPTED, ledger.arrive(update(3, 5), START + 100));
    assertEquals(Arrival.LATE, ledger.arrive(update(3, 7), START + DEADLINE + 1));
    assertTrue(ledger.fail(2, Outcome.DROPPED_OUT));
    assertTrue(ledger.fail(9, Outcome.CRASHED));
    assertFalse(ledger.complete());
    assertTrue(ledger.fail(11, Outcome.UNREACHABLE));

    assertTrue(ledger.complete());
    assertEquals(5, ledger.accounted());
    for (Outcome o : List.of(Outcome.ARRIVED, Outcome.STRAGGLER, Outcome.DROPPED_OUT, Outcome.CRASHED, Outcome.UNREACHABLE)) {
      assertEquals(1, ledger.count(o), o.toString());
    }
    assertArrayEquals(new int[] {5}, ledger.arrived());
  }

  @Test
  void nothingIsTakenTwice() {
    RoundLedger ledger = new RoundLedger(3, new int[] {2, 5}, START, DEADLINE);

    assertEquals(Arrival.ACCEPTED, ledger.arrive(update(3, 5), START + 100));
    assertEquals(Arrival.DUPLICATE, ledger.arrive(update(3, 5), START + 101));
    assertFalse(ledger.fail(5, Outcome.CRASHED), "an arrived device cannot also crash");
    assertTrue(ledger.fail(2, Outcome.DROPPED_OUT));
    assertFalse(ledger.fail(2, Outcome.UNREACHABLE));
    assertEquals(Arrival.DUPLICATE, ledger.arrive(update(3, 2), START + 50));

    assertEquals(2, ledger.duplicates());
    assertArrayEquals(new int[] {5}, ledger.arrived());
    assertEquals(1, ledger.count(Outcome.ARRIVED));
    assertEquals(1, ledger.count(Outcome.DROPPED_OUT));
  }

  @Test
  void updatesOfOtherRoundsOrDevicesAreIgnored() {
    RoundLedger ledger = new RoundLedger(3, new int[] {2, 5}, START, DEADLINE);

    assertEquals(Arrival.UNEXPECTED, ledger.arrive(update(2, 5), START + 10));
    assertEquals(Arrival.UNEXPECTED, ledger.arrive(update(3, 4), START + 10));
    assertFalse(ledger.fail(4, Outcome.CRASHED));

    assertEquals(0, ledger.accounted());
  }

  @Test
  void arrivedDevicesComeInDeviceOrderWhateverTheArrivalOrder() {
    RoundLedger ledger = new RoundLedger(0, new int[] {1, 4, 6, 8}, START, DEADLINE);
    for (int device : new int[] {6, 1, 8, 4}) ledger.arrive(update(0, device), START + device);

    assertArrayEquals(new int[] {1, 4, 6, 8}, ledger.arrived());
  }

  @Test
  void aRoundWhereAllArrivedEndsAtTheLastArrivalOtherwiseAtTheDeadline() {
    RoundLedger all = new RoundLedger(0, new int[] {1, 2}, START, DEADLINE);
    all.arrive(update(0, 1), START + 120);
    all.arrive(update(0, 2), START + 80);
    assertEquals(START + 120, all.closesAtMs());

    RoundLedger oneMissing = new RoundLedger(0, new int[] {1, 2}, START, DEADLINE);
    oneMissing.arrive(update(0, 1), START + 120);
    oneMissing.fail(2, Outcome.DROPPED_OUT);
    assertEquals(START + DEADLINE, oneMissing.closesAtMs());

    RoundLedger noDeadline = new RoundLedger(0, new int[] {1}, START, Double.POSITIVE_INFINITY);
    noDeadline.arrive(update(0, 1), START + 9000);
    assertEquals(START + 9000, noDeadline.closesAtMs());
    assertEquals(1, noDeadline.count(Outcome.ARRIVED), "without a deadline nothing is late");
  }

  @Test
  void givingUpCountsTheSilentOnesAndAnOpenRoundHasNoEnd() {
    RoundLedger ledger = new RoundLedger(0, new int[] {1, 2, 3}, START, DEADLINE);
    ledger.arrive(update(0, 2), START + 10);
    assertThrows(IllegalStateException.class, ledger::closesAtMs);

    assertEquals(List.of(1, 3), ledger.giveUp());

    assertTrue(ledger.complete());
    assertEquals(2, ledger.count(Outcome.UNANSWERED));
    assertThrows(IllegalArgumentException.class, () -> ledger.fail(1, Outcome.ARRIVED));
  }
}
