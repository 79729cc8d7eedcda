package io.edgeweave.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The clean twin of the faulted pair of {@code bench split}. */
class SplitBenchmarkTest {
  @Test
  void theCleanTwinDropsLinkImpairmentsAndFaultsAndKeepsTheRest() throws Exception {
    Scenario faulted =
        ScenarioLoader.load(
            Path.of("scenarios/faulty-chain.conf"),
            List.of("faults=[{link=edge-cloud,kind=partition,at-step=10,duration=1 s}]"));
    assertFalse(faulted.faults().isEmpty());
    assertEquals(4, faulted.links().size());

    Scenario clean = SplitBenchmark.withoutFaults(faulted);

    assertTrue(clean.faults().isEmpty());
    assertEquals(faulted.links().keySet(), clean.links().keySet());
    for (LinkSpec f : faulted.links().values()) {
      LinkSpec c = clean.links().get(f.id());
      assertTrue(f.loss() > 0 && f.duplicate() > 0 && f.reorder() > 0, f.id() + " is impaired in faulty-chain.conf");
      assertEquals(0, c.loss());
      assertEquals(0, c.duplicate());
      assertEquals(0, c.reorder());
      assertEquals(
          new LinkSpec(f.id(), f.kind(), f.from(), f.to(), f.bitsPerSecond(), f.propagation(), f.jitter(), 0, 0, 0, f.mimo()),
          c);
    }
    assertEquals(faulted.nodes(), clean.nodes());
    assertEquals(faulted.model(), clean.model());
    assertEquals(faulted.workload(), clean.workload());
    assertEquals(faulted.seed(), clean.seed());
    assertEquals(faulted.runtime(), clean.runtime());
  }
}
