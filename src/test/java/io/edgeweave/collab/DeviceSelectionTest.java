package io.edgeweave.collab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class DeviceSelectionTest {

  @Test
  void selectsDistinctDevicesInAscendingOrderFromTheRoundsOwnStream() {
    int[] a = DeviceSelection.select(7, 3, 50, 1000, new BitSet());

    assertEquals(50, a.length);
    for (int i = 1; i < a.length; i++) assertTrue(a[i] > a[i - 1]);
    assertTrue(a[0] >= 0 && a[a.length - 1] < 1000);
    assertArrayEquals(a, DeviceSelection.select(7, 3, 50, 1000, new BitSet()));
    assertFalse(Arrays.equals(a, DeviceSelection.select(7, 4, 50, 1000, new BitSet())));
    assertFalse(Arrays.equals(a, DeviceSelection.select(8, 3, 50, 1000, new BitSet())));
  }

  @Test
  void neverSelectsAGoneDeviceAndTakesAllWhenTooFewAreLeft() {
    BitSet gone = new BitSet();
    for (int d = 0; d < 100; d += 2) gone.set(d);
    for (int round = 0; round < 50; round++) {
      for (int d : DeviceSelection.select(1, round, 20, 100, gone)) assertFalse(gone.get(d), "device " + d);
    }
    int[] odd = new int[50];
    Arrays.setAll(odd, i -> 2 * i + 1);
    assertArrayEquals(odd, DeviceSelection.select(1, 0, 80, 100, gone));
  }

  @Test
  void everyDeviceIsAboutEquallyLikely() {
    int fleet = 200;
    int[] times = new int[fleet];
    for (int round = 0; round < 2000; round++) {
      for (int d : DeviceSelection.select(5, round, 10, fleet, new BitSet())) times[d]++;
    }
    // each device expects 100 selections (sd ~ 9.7); 5 sd either way is a broken sampler, not bad luck
    for (int d = 0; d < fleet; d++) assertTrue(times[d] > 50 && times[d] < 150, "device " + d + ": " + times[d]);
  }
}
