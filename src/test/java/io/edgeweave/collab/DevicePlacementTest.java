package io.edgeweave.collab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Group g of a fleet on edge JVM g mod n by name; a lost JVM's groups on the least loaded survivors. */
class DevicePlacementTest {
  @Test
  void groupsGoToTheirJvmByIndexInNameOrder() {
    List<String> jvms = List.of("edge-1", "edge-2", "edge-3");
    Map<String, int[]> placed = DevicePlacement.place(DevicePlacement.fleet(14), 2, jvms);

    assertEquals(jvms, List.copyOf(placed.keySet()));
    assertArrayEquals(new int[] {0, 1, 6, 7, 12, 13}, placed.get("edge-1"), "groups 0, 3, 6");
    assertArrayEquals(new int[] {2, 3, 8, 9}, placed.get("edge-2"), "groups 1, 4");
    assertArrayEquals(new int[] {4, 5, 10, 11}, placed.get("edge-3"), "groups 2, 5");
    assertEquals(1, DevicePlacement.home(4, 3));
  }

  @Test
  void numberedNamesSortByTheirNumber() {
    List<String> sorted = List.of("edge-10", "b", "edge-2", "edge-1").stream().sorted(DevicePlacement.ORDER).toList();
    assertEquals(List.of("b", "edge-1", "edge-2", "edge-10"), sorted);
  }

  @Test
  void afterKillsEachLostJvmsGroupsGoWhereReplaceWouldPutThem() {
    assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 0}, DevicePlacement.after(7, 3, List.of()));
    // JVM 1 lost: its groups 1 and 4 to JVM 2 (fewer groups), then JVM 0 (a tie, the first)
    assertArrayEquals(new int[] {0, 2, 2, 0, 0, 2, 0}, DevicePlacement.after(7, 3, List.of(1)));
    // then JVM 2 lost: its groups 1, 2, 5 all to JVM 0, the one left
    assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0}, DevicePlacement.after(7, 3, List.of(1, 2)));
    // JVM 2 lost first: groups 2 and 5 to JVM 1, then JVM 0
    assertArrayEquals(new int[] {0, 1, 1, 0, 1, 0, 0}, DevicePlacement.after(7, 3, List.of(2)));
  }

  @Test
  void aLostJvmsGroupsGoOneByOneToTheLeastLoadedSurvivor() {
    Map<String, Integer> groupsOn = new HashMap<>(Map.of("edge-1", 3, "edge-3", 2));
    Map<String, int[]> placed = DevicePlacement.replace(new int[] {2, 3, 8, 9, 14}, 2, groupsOn);

    assertArrayEquals(new int[] {2, 3, 14}, placed.get("edge-3"), "groups 1 and 7: edge-3 held fewer, then tied first");
    assertArrayEquals(new int[] {8, 9}, placed.get("edge-1"), "group 4: a tie, to the first by name");
    assertEquals(Map.of("edge-1", 4, "edge-3", 4), groupsOn);
  }
}
