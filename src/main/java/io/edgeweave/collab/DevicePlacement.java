package io.edgeweave.collab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Which edge JVM holds each device of a fleet, by its group of {@code perGroup} consecutive devices: group {@code g} on
 * the {@code (g mod n)}-th of the {@code n} edge JVMs in {@linkplain #ORDER name order}, and a group whose JVM was lost
 * on the surviving JVM holding fewest of the run's groups; when a JVM joins, groups {@linkplain #rebalance move} onto
 * it until the spread is even again. A function of the indices and the JVMs' names alone, so a
 * single-JVM run's in-process hosts and a cluster's sharding (through {@code HomeJvmAllocation}) agree on what a JVM
 * holds; a device trains the same wherever it lives, so placement changes no result.
 */
public final class DevicePlacement {
  private static final Pattern NUMBERED = Pattern.compile("(.*?)(\\d+)");

  /** JVM names by name, a number at the end compared as a number: edge-2 before edge-10. */
  public static final Comparator<String> ORDER = Comparator.comparing(DevicePlacement::prefix)
      .thenComparingLong(DevicePlacement::number)
      .thenComparing(Comparator.naturalOrder());

  private DevicePlacement() {}

  /** The index (0-based, in {@link #ORDER}) of the JVM that holds group {@code group} of a fleet over {@code jvms}. */
  public static int home(int group, int jvms) {
    return group % jvms;
  }

  /** The group of device {@code device}. */
  public static int group(int device, int perGroup) {
    return device / perGroup;
  }

  /**
   * @param devices the devices to place, ascending
   * @param perGroup devices per group
   * @param jvms names of the JVMs that take devices, in {@link #ORDER}
   * @return JVM name → its devices (ascending), in the order of {@code jvms}; JVMs that get none are left out
   */
  public static Map<String, int[]> place(int[] devices, int perGroup, List<String> jvms) {
    if (jvms.isEmpty()) throw new IllegalArgumentException("no JVM to place devices on");
    List<List<Integer>> byJvm = new ArrayList<>();
    jvms.forEach(n -> byJvm.add(new ArrayList<>()));
    for (int device : devices) byJvm.get(home(group(device, perGroup), jvms.size())).add(device);
    return collect(jvms, byJvm);
  }

  /**
   * Where a lost JVM's groups go: each, in ascending order, to the JVM up that holds fewest groups, counting those
   * placed before it (ties: the first in {@link #ORDER}).
   *
   * @param groupsOn groups of the run on each JVM up; updated
   */
  public static Map<String, int[]> replace(int[] devices, int perGroup, Map<String, Integer> groupsOn) {
    if (groupsOn.isEmpty()) throw new IllegalArgumentException("no JVM to place devices on");
    List<String> jvms = groupsOn.keySet().stream().sorted(ORDER).toList();
    List<List<Integer>> byJvm = new ArrayList<>();
    jvms.forEach(n -> byJvm.add(new ArrayList<>()));
    int lastGroup = -1;
    int to = -1;
    for (int device : devices) {
      int group = group(device, perGroup);
      if (group != lastGroup) {
        lastGroup = group;
        to = leastLoaded(jvms, groupsOn);
        groupsOn.merge(jvms.get(to), 1, Integer::sum);
      }
      byJvm.get(to).add(device);
    }
    return collect(jvms, byJvm);
  }

  /**
   * Where each of {@code groups} groups is once the JVMs {@code struck} (indices, in the order they were lost) have
   * gone one after another from {@code jvms}, each JVM's groups placed again as {@link #replace} does: the placement a
   * run's kill-jvm faults lead to, whatever the wall clock did.
   *
   * @return the JVM index of each group
   */
  public static int[] after(int groups, int jvms, List<Integer> struck) {
    int[] at = new int[groups];
    Map<String, Integer> groupsOn = new HashMap<>();
    for (int g = 0; g < groups; g++) {
      at[g] = home(g, jvms);
      groupsOn.merge(Integer.toString(at[g]), 1, Integer::sum);
    }
    for (int j = 0; j < jvms; j++) groupsOn.putIfAbsent(Integer.toString(j), 0);
    for (int lost : struck) {
      groupsOn.remove(Integer.toString(lost));
      int[] moving = IntStream.range(0, groups).filter(g -> at[g] == lost).toArray();
      replace(moving, 1, groupsOn).forEach((jvm, mine) -> IntStream.of(mine).forEach(g -> at[g] = Integer.parseInt(jvm)));
    }
    return at;
  }

  /**
   * Which groups move so that the run's groups are spread evenly over the JVMs up again (after one joined): every JVM
   * ends with {@code G / m} groups, or one more for the {@code G mod m} JVMs that hold most now (ties: the first in
   * {@link #ORDER}); a JVM over its share gives up its highest groups, and the JVMs under theirs take them in ascending
   * order, the first in {@link #ORDER} first. No group moves that need not: nothing when the spread is even.
   *
   * @param groupsOn the groups each JVM up holds now (none for a JVM that joined)
   * @return each group that moves → the JVM it moves to, by group
   */
  public static SortedMap<Integer, String> rebalance(Map<String, int[]> groupsOn) {
    List<String> jvms = groupsOn.keySet().stream().sorted(ORDER).toList();
    if (jvms.isEmpty()) return new TreeMap<>();
    int total = groupsOn.values().stream().mapToInt(g -> g.length).sum();
    List<String> byLoad = jvms.stream().sorted(Comparator.comparingInt((String j) -> -groupsOn.get(j).length)).toList();
    Map<String, Integer> share = new HashMap<>();
    for (int i = 0; i < byLoad.size(); i++) {
      share.put(byLoad.get(i), total / jvms.size() + (i < total % jvms.size() ? 1 : 0));
    }
    List<Integer> leaving = new ArrayList<>();
    for (String jvm : jvms) {
      int[] mine = groupsOn.get(jvm).clone();
      Arrays.sort(mine);
      for (int i = share.get(jvm); i < mine.length; i++) leaving.add(mine[i]);
    }
    Collections.sort(leaving);
    SortedMap<Integer, String> moves = new TreeMap<>();
    int next = 0;
    for (String jvm : jvms) {
      for (int n = groupsOn.get(jvm).length; n < share.get(jvm); n++) moves.put(leaving.get(next++), jvm);
    }
    return moves;
  }

  /** Index in {@code jvms} of the one with fewest groups (ties: the first). */
  private static int leastLoaded(List<String> jvms, Map<String, Integer> groupsOn) {
    int best = 0;
    for (int i = 1; i < jvms.size(); i++) {
      if (groupsOn.get(jvms.get(i)) < groupsOn.get(jvms.get(best))) best = i;
    }
    return best;
  }

  private static Map<String, int[]> collect(List<String> jvms, List<List<Integer>> byJvm) {
    Map<String, int[]> placed = new LinkedHashMap<>();
    for (int i = 0; i < jvms.size(); i++) {
      int[] mine = byJvm.get(i).stream().mapToInt(Integer::intValue).toArray();
      if (mine.length > 0) placed.put(jvms.get(i), mine);
    }
    return placed;
  }

  /** Devices {@code 0 .. count-1}. */
  public static int[] fleet(int count) {
    int[] all = new int[count];
    Arrays.setAll(all, i -> i);
    return all;
  }

  private static String prefix(String name) {
    Matcher m = NUMBERED.matcher(name);
    return m.matches() ? m.group(1) : name;
  }

  private static long number(String name) {
    Matcher m = NUMBERED.matcher(name);
    return m.matches() && m.group(2).length() < 18 ? Long.parseLong(m.group(2)) : -1;
  }
}
