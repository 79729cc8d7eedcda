package io.edgeweave.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClusterScaleBenchmarkTest {
  @Test
  void theOneJvmReferenceTrainsAsManyDevicesARoundAsTheCluster() {
    assertEquals(0.1, ClusterScaleBenchmark.referenceParticipation(0.01, 1_000_000, 100_000), 1e-12);
    assertEquals(0.01, ClusterScaleBenchmark.referenceParticipation(0.01, 100_000, 100_000), 1e-12);
    assertEquals(1.0, ClusterScaleBenchmark.referenceParticipation(0.5, 1_000_000, 100_000), "at most every device");
  }
}
