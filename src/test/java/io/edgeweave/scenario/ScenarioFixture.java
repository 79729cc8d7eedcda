package io.edgeweave.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** A small valid scenario and helpers to load variants of it. */
final class ScenarioFixture {

  private ScenarioFixture() {}

  /** A small valid scenario; tests replace text within a line so that line numbers stay put. */
  static final String BASE = """
      name = test
      nodes {
        device-1 { role = edge, memory = 1 GiB }
        edge-1 { role = edge }
        cloud { role = cloud }
      }
      links {
        device-edge { from = device-1, to = edge-1 }
        edge-cloud { from = edge-1, to = cloud }
      }
      model { hidden = [256, 128] }
      workload { path = [device-1, edge-1, cloud], cuts = [1, 2] }
      runtime { }
      faults = []
      """;

  static Scenario load(String hocon, String... overrides) throws ScenarioException {
    return ScenarioLoader.parse(hocon, "t.conf", List.of(overrides));
  }

  static List<String> problems(String hocon, String... overrides) {
    ScenarioException e = assertThrows(ScenarioException.class, () -> load(hocon, overrides));
    return e.problems().stream().map(Problem::toString).toList();
  }

  /** BASE with {@code from} (which must occur) replaced by {@code to}. */
  static String base(String from, String to) {
    assertTrue(BASE.contains(from), from);
    return BASE.replace(from, to);
  }

  static String withFaults(String... faults) {
    return base("faults = []", "faults = [\n" + String.join("\n", faults) + "\n]");
  }

  static void assertProblems(String hocon, String... expected) {
    assertEquals(List.of(expected), problems(hocon));
  }
}
