package io.edgeweave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyCommandTest {
  @Test
  void aBadVariantIsOneLineAndWritesNothing(@TempDir Path dir) {
    Path out = dir.resolve("study");
    // synthetic data: the variant is refused whether Fashion-MNIST is installed or not
    CommandLineTest.Result r = CommandLineTest.execute("study", "genai-fine-tune", "scenarios/genai-quick.conf",
        "--set", "data.source=synthetic", "--variant", "name=x,tune=gate+heads", "--out", out.toString());
    assertEquals(Main.BAD_INPUT, r.code(), r.err());
    assertEquals("study genai-fine-tune: --variant \"name=x,tune=gate+heads\": tune: unknown part \"heads\""
        + " (gate, projections, encoders, decoders, experts, all; join with +)", r.err().strip());
    assertFalse(Files.exists(out));
  }

  @Test
  void aScenarioOfAnotherWorkloadIsRefused(@TempDir Path dir) {
    Path out = dir.resolve("study");
    CommandLineTest.Result r = CommandLineTest.execute("study", "genai-fine-tune", "scenarios/quickstart.conf", "--out", out.toString());
    assertEquals(Main.BAD_INPUT, r.code(), r.err());
    assertEquals("scenarios/quickstart.conf: workload.type: the fine-tuning study needs a genai scenario, got split-training",
        r.err().strip());
    assertFalse(Files.exists(out));
  }
}
