package io.edgeweave.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyChangesTest {
  @Test
  void aPlanNamesEveryChangeCountsFromTheEarliestFaultAndDecidesAfterTheLatestDecision() {
    TopologyChanges changes = new TopologyChanges();
    assertTrue(changes.isEmpty());
    assertTrue(Double.isNaN(changes.faultMs()));
    changes.add("edge-2 joined", 300, 300);
    changes.add("edge-1 crashed", 120, 1120);
    changes.add("link device-edge1 cut", 300, 300);

    assertEquals("edge-2 joined, edge-1 crashed, link device-edge1 cut", changes.why());
    assertEquals(120, changes.faultMs());
    assertEquals(1120, changes.decidedMs());

    TopologyChanges resumed = new TopologyChanges();
    resumed.restore(changes.list(), changes.faultMs(), changes.decidedMs());
    assertEquals(changes.why(), resumed.why());

    changes.clear();
    assertTrue(changes.isEmpty());
    assertTrue(Double.isNaN(changes.faultMs()));
    assertEquals(0, changes.decidedMs());
    assertEquals(List.of(), changes.list());
  }
}
