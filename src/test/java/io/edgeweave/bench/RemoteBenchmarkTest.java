package io.edgeweave.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.cluster.ClusterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code bench remote --ping-pong}: a real peer JVM sends every tensor back through the project's serializer. */
@Tag("slow")
class RemoteBenchmarkTest {
  @Test
  void aPingPongMeasuresRoundTripsAndTheCpuOfBothJvms() throws Exception {
    RemoteBenchmark.Settings settings =
        new RemoteBenchmark.Settings(List.of(1024, 100 * 1024), 1, Duration.ofMillis(500), true);
    List<String> progress = new ArrayList<>();
    List<RemoteBenchmark.Result> results =
        RemoteBenchmark.run(
            settings,
            ClusterConfig.load(new ClusterConfig.Flags(Optional.empty(), Optional.of("127.0.0.1"), Optional.of(0),
                Optional.empty(), Optional.empty(), List.of(), Map.of("pekko.actor.provider", "remote"))),
            null,
            progress::add);
    assertEquals(2, results.size());
    assertEquals(2, progress.size());
    for (RemoteBenchmark.Result r : results) {
      assertTrue(r.tensorsPerSecond() > 0, r.toString());
      assertTrue(r.roundTripMs() > 0 && r.roundTripMs() <= r.roundTripP90Ms(), r.toString());
      assertTrue(r.cpuMsPerTensor() > 0, r.toString());
      // this JVM writes each tensor once per round trip; the peer's echo is written by the peer
      assertTrue(r.wireOverRaw() >= 1 && r.wireOverRaw() < 2, r.toString());
    }
  }
}
