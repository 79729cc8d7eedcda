package io.edgeweave.genai;

import java.util.function.Supplier;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a piece of ND4J work in a per-thread workspace that is reused from call to call. The temporaries of
 * a training step or a generation batch are small Java objects holding large native buffers, so without a
 * workspace the garbage collector sees no pressure while native memory grows (an unscoped genai run grew
 * past 20 GB). Only Java values may leave the work: arrays created inside are invalid afterwards, so models,
 * parameters and optimiser state are always created outside.
 */
public final class Scratch {
  private static final String ID = "GENAI_SCRATCH";
  private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
      .policyAllocation(AllocationPolicy.STRICT)
      .policyLearning(LearningPolicy.FIRST_LOOP)
      .build();

  private Scratch() {}

  public static <T> T run(Supplier<T> work) {
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, ID)) {
      return work.get();
    }
  }

  public static void run(Runnable work) {
    run(() -> {
      work.run();
      return null;
    });
  }
}
