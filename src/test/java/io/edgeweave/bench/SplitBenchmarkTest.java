package io.edgeweave.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The clean twin of the faulted pair of {@code bench split}, and its cuts. */
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

  @Test
  void cutsBalanceThePartitionsFlopsSoThatTheLargestIsAsSmallAsCanBe() {
    assertEquals(List.of(2), SplitBenchmark.balancedCuts(new long[] {10, 10, 10, 10}, 2));
    assertEquals(List.of(), SplitBenchmark.balancedCuts(new long[] {5, 7}, 1));
    // 784-512x5-10: the first layer alone, then two, then three (529,408 at most) beats two layers each (663,552)
    assertEquals(
        List.of(1, 3), SplitBenchmark.balancedCuts(new long[] {784 * 512, 512 * 512, 512 * 512, 512 * 512, 512 * 512, 5120}, 3));
    assertEquals(List.of(3), SplitBenchmark.balancedCuts(new long[] {1, 1, 1, 100}, 2));
  }

  @Test
  void pipeliningIsBoundedByTheLargestPartitionAndTheCores() {
    // 784-256-128-10 in 3: the first layer holds 200,704 of 234,752 multiply-adds
    assertEquals(List.of(1, 2), settings(List.of(256, 128), 3).cuts());
    assertEquals(234_752.0 / 200_704, settings(List.of(256, 128), 3).pipelineBound(2), 1e-9);
    // balanced enough that the two cores are the bound
    assertEquals(2.0, settings(List.of(512, 512, 512, 512, 512), 3).pipelineBound(2), 1e-9);
    assertEquals(1.0, settings(List.of(256, 128), 1).pipelineBound(2), 1e-9);
  }

  private static SplitBenchmark.Settings settings(List<Integer> hidden, int partitions) {
    return new SplitBenchmark.Settings(10, 128, partitions, 4, 1, hidden, 7, List.of("dl4j"), false, Optional.empty());
  }
}
