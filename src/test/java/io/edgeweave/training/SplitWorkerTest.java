package io.edgeweave.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.edgeweave.nn.Networks;
import io.edgeweave.nn.Nd4jSetup;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The split-training protocol of one node: every message idempotent, every step applied once. */
class SplitWorkerTest {
  private static final ModelSpec MODEL = new ModelSpec("mlp", 6, List.of(5), 3, "relu", "sgd", 0.1);
  private static final double RETRY_MS = 50;

  private SplitWorker device;
  private SplitWorker cloud;

  @BeforeAll
  static void threads() {
    Nd4jSetup.singleThreaded();
  }

  @BeforeEach
  void twoPartitions() {
    device = new SplitWorker("device", Networks.partition(MODEL, 3, List.of(1), 0), true, 1e9, RETRY_MS, step -> 1, 1);
    cloud = new SplitWorker("cloud", Networks.partition(MODEL, 3, List.of(1), 1), false, 1e9, RETRY_MS, step -> 1, 1);
  }

  private Activations start(int step) {
    var decision = device.startStep(step, Nd4j.rand(DataType.FLOAT, 4, 6), new int[] {0, 1, 2, 1});
    return ((SplitWorker.SendDownstream) decision).activations();
  }

  @Test
  void aDuplicateOfTheStepJustAnsweredIsIgnored() {
    Activations a = start(0);
    assertInstanceOf(SplitWorker.SendUpstream.class, cloud.onActivations(a));
    float[] after = cloud.partition().parameters().toFloatVector();

    assertSame(SplitWorker.Ignore.INSTANCE, cloud.onActivations(a));
    assertArrayEquals(after, cloud.partition().parameters().toFloatVector(), "no second update");
    assertEquals(1, cloud.partition().iteration());
  }

  @Test
  void aNewerAttemptOfTheAnsweredStepGetsTheCachedErrorsAgain() {
    Activations a = start(0);
    Errors first = ((SplitWorker.SendUpstream) cloud.onActivations(a)).errors();
    Activations again = device.retryOutstanding(0, 0).orElseThrow();

    Errors second = ((SplitWorker.SendUpstream) cloud.onActivations(again)).errors();

    assertEquals(first.values(), second.values());
    assertEquals(1, second.attempt());
    assertEquals(1, cloud.partition().iteration(), "answered from the cache, not recomputed");
  }

  /**
   * A late copy of a resent step (its link held it back) that reaches a middle node after the next step began is
   * stale: the sender has its answer. Answering it would put a message on the link that only a fast machine sends.
   */
  @Test
  void aLateCopyOfTheLastStepChangesNothingOnceTheNextStepBegan() {
    ModelSpec deeper = new ModelSpec("mlp", 6, List.of(5, 4), 3, "relu", "sgd", 0.1);
    SplitWorker first = new SplitWorker("device", Networks.partition(deeper, 3, List.of(1, 2), 0), true, 1e9, RETRY_MS, step -> 1, 1);
    SplitWorker middle = new SplitWorker("edge", Networks.partition(deeper, 3, List.of(1, 2), 1), false, 1e9, RETRY_MS, step -> 1, 1);
    SplitWorker last = new SplitWorker("cloud", Networks.partition(deeper, 3, List.of(1, 2), 2), false, 1e9, RETRY_MS, step -> 1, 1);
    first.startStep(0, Nd4j.rand(DataType.FLOAT, 4, 6), new int[] {0, 1, 2, 1});
    Activations resent = first.retryOutstanding(0, 0).orElseThrow();
    var down = (SplitWorker.SendDownstream) middle.onActivations(resent);
    var back = (SplitWorker.SendUpstream) last.onActivations(down.activations());
    var up = (SplitWorker.SendUpstream) middle.onErrors(back.errors());
    assertInstanceOf(SplitWorker.Completed.class, first.onErrors(up.errors()));
    var next = (SplitWorker.SendDownstream) first.startStep(1, Nd4j.rand(DataType.FLOAT, 4, 6), new int[] {2, 1, 0, 0});
    assertInstanceOf(SplitWorker.SendDownstream.class, middle.onActivations(next.activations()));

    assertSame(SplitWorker.Ignore.INSTANCE, middle.onActivations(resent));
  }

  @Test
  void errorsAreAppliedOnlyForTheStepInProgress() {
    Errors errors = ((SplitWorker.SendUpstream) cloud.onActivations(start(0))).errors();
    assertInstanceOf(SplitWorker.Completed.class, device.onErrors(errors));

    assertSame(SplitWorker.Ignore.INSTANCE, device.onErrors(errors), "a duplicate of finished errors");
    assertEquals(1, device.partition().iteration());
  }

  @Test
  void aMessageItsLinkGaveUpOnFailsTheStep() {
    Activations a = start(0);
    Errors errors = ((SplitWorker.SendUpstream) cloud.onActivations(a)).errors();

    assertEquals(new SplitWorker.Failed(0, "message lost 4 times in a row"), device.onLost(a.retried("link", RETRY_MS).retried("link", RETRY_MS).retried("link", RETRY_MS)));
    assertEquals(new SplitWorker.Failed(0, "message lost 1 times in a row"), cloud.onLost(errors));
  }

  @Test
  void lossesOfMessagesNoLongerNeededAreIgnored() {
    Activations a = start(0);
    Errors errors = ((SplitWorker.SendUpstream) cloud.onActivations(a)).errors();
    device.onErrors(errors);

    assertSame(SplitWorker.Ignore.INSTANCE, device.onLost(a), "the step is already complete");
  }

  @Test
  void theClockWaitsForLateMessages() {
    Activations a = start(0);
    Activations late =
        new Activations(a.step(), a.micro(), a.attempt(), a.values(), a.labels(), 1000.0, a.trace());

    Errors errors = ((SplitWorker.SendUpstream) cloud.onActivations(late)).errors();

    assertEquals(1000.0 + cloud.partition().flops().forward(4) / 1e6 + (cloud.partition().flops().backward(4) + cloud.partition().flops().update()) / 1e6, errors.timeMs(), 1e-9);
    assertEquals(Tensor.class, errors.values().getClass());
  }
}
