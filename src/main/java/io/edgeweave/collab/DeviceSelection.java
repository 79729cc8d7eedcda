package io.edgeweave.collab;

import io.edgeweave.scenario.Seeds;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Chooses the devices of a round: {@code count} of the devices still alive, uniformly without replacement,
 * from the stream of (seed, round). Robert Floyd's algorithm draws exactly {@code count} numbers, so a
 * round costs the same in a fleet of a thousand devices or a million.
 */
public final class DeviceSelection {
  private DeviceSelection() {}

  /**
   * @param fleet devices 0..fleet-1
   * @param gone devices that may no longer be selected (crashed)
   * @return the selected device ids, ascending; all alive devices when fewer than {@code count} are alive
   */
  public static int[] select(long seed, int round, int count, int fleet, BitSet gone) {
    int alive = fleet - gone.cardinality();
    int wanted = Math.min(count, alive);
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "selection/" + round));
    Set<Integer> ranks = new HashSet<>(wanted * 2);
    for (int j = alive - wanted; j < alive; j++) {
      int t = rng.nextInt(j + 1);
      ranks.add(ranks.contains(t) ? j : t);
    }
    int[] sorted = ranks.stream().mapToInt(Integer::intValue).sorted().toArray();
    int[] devices = new int[sorted.length];
    int device = -1;
    int rank = -1;
    for (int i = 0; i < sorted.length; i++) {
      while (rank < sorted[i]) {
        device = gone.nextClearBit(device + 1);
        rank++;
      }
      devices[i] = device;
    }
    return devices;
  }
}
