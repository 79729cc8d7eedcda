package io.edgeweave.collab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which JVM hosts each device of a fleet: device {@code d} goes to the {@code d mod n}-th of the {@code n} JVMs that
 * take devices, ordered by name. It depends on the device indices and the JVMs' names alone, never on the order in
 * which JVMs were found; a device trains the same wherever it lives, so placement changes no result.
 */
public final class DevicePlacement {
  private DevicePlacement() {}

  /**
   * @param devices the devices to place, ascending
   * @param jvms names of the JVMs that take devices
   * @return JVM name → its devices (ascending), in name order; JVMs that get none are left out
   */
  public static Map<String, int[]> place(int[] devices, List<String> jvms) {
    if (jvms.isEmpty()) throw new IllegalArgumentException("no JVM to place devices on");
    List<String> names = jvms.stream().sorted().distinct().toList();
    List<List<Integer>> byJvm = new ArrayList<>();
    names.forEach(n -> byJvm.add(new ArrayList<>()));
    for (int device : devices) byJvm.get(device % names.size()).add(device);
    Map<String, int[]> placed = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      int[] mine = byJvm.get(i).stream().mapToInt(Integer::intValue).toArray();
      if (mine.length > 0) placed.put(names.get(i), mine);
    }
    return placed;
  }

  /** Devices {@code 0 .. count-1}. */
  public static int[] fleet(int count) {
    int[] all = new int[count];
    Arrays.setAll(all, i -> i);
    return all;
  }
}
