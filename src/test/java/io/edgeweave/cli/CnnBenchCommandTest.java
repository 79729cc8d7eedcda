package io.edgeweave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.data.FashionMnist;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code edgeweave bench cnn} as a user meets it (the measuring run needs Fashion-MNIST). */
class CnnBenchCommandTest {

  @Test
  void measuresBothEnginesOnBothNetworksAndEndsWithTheRatio() {
    Path data = FashionMnist.assumeInstalled();
    CommandLineTest.Result r =
        CommandLineTest.execute("bench", "cnn", "--steps", "2", "--rounds", "1", "--batch", "4", "--data", data.toString());

    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().matches("(?s).*\\nlenet\\s+4\\s+6\\.24(\\s+\\d+){3}\\s+\\d+\\.\\d\\d.*"), r.out());
    assertTrue(r.out().matches("(?s).*\\noac-cnn\\s+4\\s+17\\.52(\\s+\\d+){3}\\s+\\d+\\.\\d\\d.*"), r.out());
    assertTrue(r.out().matches("(?s).*fast path, oac-cnn batch 4, CPU ms per step.* conv1 \\d+\\.\\d\\d/\\d+\\.\\d\\d.*"), r.out());
    assertTrue(r.out().matches("(?s).*\\nratio \\d+\\.\\d\\d\\n$"), r.out());
  }

  @Test
  void refusesABatchOfNothing() {
    CommandLineTest.Result r = CommandLineTest.execute("bench", "cnn", "--batch", "64,0");

    assertEquals(Main.BAD_INPUT, r.code());
    assertEquals("bench cnn: --steps, --rounds and every --batch must be positive", r.err().strip());
  }

  @Test
  void refusesAnUnknownNetwork() {
    CommandLineTest.Result r = CommandLineTest.execute("bench", "cnn", "--network", "resnet");

    assertEquals(Main.BAD_INPUT, r.code());
    assertEquals("bench cnn: --network: unknown network \"resnet\" (lenet, oac-cnn)", r.err().strip());
  }

  @Test
  void namesAMissingDatasetDirectory() {
    CommandLineTest.Result r = CommandLineTest.execute("bench", "cnn", "--data", "/nonexistent/fashion");

    assertEquals(Main.BAD_INPUT, r.code());
    assertTrue(r.err().strip().startsWith("bench cnn: /nonexistent/fashion: dataset directory not found"), r.err());
    assertEquals(1, r.err().strip().lines().count());
  }
}
