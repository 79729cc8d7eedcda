package io.edgeweave.scenario;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a workload reader may check against: the scenario's nodes and links as read so far, and the
 * model. Checks that depend on a part that already failed are skipped, so one mistake gives one problem.
 *
 * @param nodeIds every node id of the file, even of nodes with problems
 * @param nodes the nodes read without problems
 * @param linksValid whether every link was read without problems
 * @param model the model, or {@code null} if it had problems
 */
record ReadContext(
    Set<String> nodeIds,
    Map<String, NodeSpec> nodes,
    Map<String, LinkSpec> links,
    boolean linksValid,
    ModelSpec model,
    List<Problem> problems) {

  /** Problems recorded so far: a reader compares counts to know whether its own checks passed. */
  int problemCount() {
    return problems.size();
  }

  /**
   * Checks that a path names existing nodes, each once, and that consecutive nodes are linked; records
   * the problems against {@code key} of {@code s}.
   */
  boolean checkPath(Section s, String key, List<String> path) {
    int start = problemCount();
    if (path.isEmpty()) s.problem(key, "needs at least one node");
    Set<String> seen = new HashSet<>();
    for (String node : path) {
      if (!nodeIds.contains(node)) s.problem(key, "unknown node \"" + node + "\"");
      else if (!seen.add(node)) s.problem(key, "node " + node + " appears more than once");
    }
    if (problemCount() == start && linksValid) {
      for (int i = 1; i < path.size(); i++) {
        String a = path.get(i - 1);
        String b = path.get(i);
        if (links.values().stream().noneMatch(l -> l.joins(a, b))) s.problem(key, "no link between " + a + " and " + b);
      }
    }
    return problemCount() == start;
  }

  static String plural(int count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
