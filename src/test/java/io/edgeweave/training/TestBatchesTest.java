package io.edgeweave.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TestBatchesTest {
  @Test
  void accuracyIsOverAllSamplesAndTheSpreadOverBatches() {
    TestBatches batches = new TestBatches(3);
    assertFalse(batches.add(2, 50, 100)); // batches arrive in any order
    assertFalse(batches.add(0, 80, 100));
    assertFalse(batches.add(0, 10, 100), "a repeat is ignored");
    assertTrue(batches.add(1, 20, 50));

    assertEquals(150.0 / 250, batches.accuracy(), 1e-12);
    // batch accuracies 0.8, 0.4, 0.5: mean 17/30, sample sd √(((0.8−m)² + (0.4−m)² + (0.5−m)²) / 2)
    double m = 1.7 / 3;
    double sd = Math.sqrt((Math.pow(0.8 - m, 2) + Math.pow(0.4 - m, 2) + Math.pow(0.5 - m, 2)) / 2);
    assertEquals(sd, batches.accuracySd(), 1e-12);
  }

  @Test
  void oneBatchHasNoSpread() {
    TestBatches one = new TestBatches(1);
    assertTrue(one.add(0, 7, 10));
    assertEquals(0.7, one.accuracy(), 1e-12);
    assertNull(one.accuracySd());
  }
}
