package io.edgeweave.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.collab.DeviceFate.Kind;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceFateTest {

  @Test
  void failuresComeAtTheirRatesAfterSomeLocalSteps() {
    Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) counts.put(k, 0);
    int n = 20000;
    for (int device = 0; device < n; device++) {
      DeviceFate fate = DeviceFate.draw(3, 9, device, 0.1, 0.05, 4);
      counts.merge(fate.kind(), 1, Integer::sum);
      assertTrue(fate.afterSteps() >= 0 && fate.afterSteps() <= 4);
      if (fate.kind() == Kind.NONE) assertEquals(4, fate.afterSteps());
    }
    assertEquals(0.10, counts.get(Kind.DROPOUT) / (double) n, 0.01);
    assertEquals(0.05, counts.get(Kind.CRASH) / (double) n, 0.01);
  }

  @Test
  void aFateDependsOnlyOnSeedRoundAndDevice() {
    for (int device = 0; device < 100; device++) {
      assertEquals(DeviceFate.draw(3, 9, device, 0.3, 0.3, 5), DeviceFate.draw(3, 9, device, 0.3, 0.3, 5));
    }
    assertEquals(new DeviceFate(Kind.NONE, 5), DeviceFate.draw(3, 9, 1, 0, 0, 5));
  }
}
