package io.edgeweave.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeweave.scenario.WorkloadSpec;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadDirectorsTest {
  @Test
  void everyWorkloadTypeHasOneDirector() {
    assertEquals(Set.of(WorkloadSpec.class.getPermittedSubclasses()), WorkloadDirectors.types());
  }
}
