package io.edgeweave.collab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.IntStream;
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

  @Test
  void aJvmThatJoinsTakesGroupsUntilTheSpreadIsEven() {
    // 100 groups on two JVMs, g mod 2; edge-3 joins: 34, 33, 33, edge-1 (a tie in load, first by name) keeps one more
    Map<String, int[]> before = new HashMap<>(DevicePlacement.place(DevicePlacement.fleet(100), 1, List.of("edge-1", "edge-2")));
    before.put("edge-3", new int[0]);
    SortedMap<Integer, String> moves = DevicePlacement.rebalance(before);

    assertEquals(33, moves.size(), "only what edge-3 takes moves");
    assertTrue(moves.values().stream().allMatch("edge-3"::equals));
    assertEquals(16, moves.keySet().stream().filter(g -> g % 2 == 0).count(), "edge-1 gives its 16 highest groups");
    assertEquals(List.of(67, 68, 69), List.copyOf(moves.keySet()).subList(0, 3), "the highest of each JVM's groups (edge-2 keeps 1..65)");
    assertEquals(Map.of("edge-1", 34, "edge-2", 33, "edge-3", 33), counts(before, moves));
  }

  @Test
  void anEvenSpreadMovesNothingAndAnUnevenOneTheFewestGroups() {
    assertTrue(DevicePlacement.rebalance(Map.of("edge-1", new int[] {0, 2}, "edge-2", new int[] {1})).isEmpty());
    assertTrue(DevicePlacement.rebalance(Map.of()).isEmpty());
    // 4, 1 and 0 groups: shares 2, 2, 1 (edge-1 and edge-2 hold most); edge-1's groups 7 and 9 go, in order, to edge-2, edge-3
    Map<String, int[]> groupsOn = Map.of("edge-1", new int[] {9, 1, 7, 3}, "edge-2", new int[] {4}, "edge-3", new int[0]);
    SortedMap<Integer, String> moves = DevicePlacement.rebalance(groupsOn);
    assertEquals(new TreeMap<>(Map.of(7, "edge-2", 9, "edge-3")), moves);
    assertEquals(Map.of("edge-1", 2, "edge-2", 2, "edge-3", 1), counts(groupsOn, moves));
  }

  @Test
  void aLostJvmThatComesBackTakesItsShareAgain() {
    // edge-2 lost: its groups went to edge-1 and edge-3 by replace; back (no groups), it takes a third again
    int[] at = DevicePlacement.after(9, 3, List.of(1));
    Map<String, int[]> groupsOn = new HashMap<>();
    for (int j = 0; j < 3; j++) {
      int jvm = j;
      groupsOn.put("edge-" + (j + 1), IntStream.range(0, 9).filter(g -> at[g] == jvm).toArray());
    }
    SortedMap<Integer, String> moves = DevicePlacement.rebalance(groupsOn);
    assertEquals(Map.of("edge-1", 3, "edge-2", 3, "edge-3", 3), counts(groupsOn, moves));
    assertEquals(3, moves.size());
  }

  private static Map<String, Integer> counts(Map<String, int[]> groupsOn, Map<Integer, String> moves) {
    Map<String, Integer> n = new HashMap<>();
    groupsOn.forEach((jvm, groups) -> IntStream.of(groups).forEach(g -> n.merge(moves.getOrDefault(g, jvm), 1, Integer::sum)));
    groupsOn.keySet().forEach(jvm -> n.putIfAbsent(jvm, 0));
    return n;
  }
}
