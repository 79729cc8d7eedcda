package io.edgeweave.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.channel.DigitalLinkModel;
import io.edgeweave.channel.LinkState;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.nn.Networks;
import io.edgeweave.nn.Nd4jSetup;
import io.edgeweave.nn.Partition;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A partition's state restores its training exactly; checkpoint files round-trip and the newest wins. */
class CheckpointStoreTest {
  private static final ModelSpec MODEL = new ModelSpec("mlp", 6, List.of(5), 3, "relu", "adam", 0.01);

  @BeforeAll
  static void threads() {
    Nd4jSetup.singleThreaded();
  }

  @Test
  void aRestoredPartitionTrainsOnExactlyLikeTheOriginal() {
    Partition original = Networks.partition(MODEL, 5, List.of(1), 1);
    INDArray x = Nd4j.rand(DataType.FLOAT, 8, 5);
    INDArray y = Nd4j.eye(3).getRows(0, 1, 2, 0, 1, 2, 0, 1).castTo(DataType.FLOAT);
    for (int i = 0; i < 3; i++) train(original, x, y);
    Partition.State state = original.state();

    Partition copy = Networks.partition(MODEL, 99, List.of(1), 1);
    copy.restore(state);
    for (int i = 0; i < 3; i++) {
      assertEquals(train(original, x, y), train(copy, x, y), 0.0, "loss after restore, step " + i);
    }
    assertArrayEquals(original.parameters().toFloatVector(), copy.parameters().toFloatVector());
    assertEquals(6, copy.iteration());
    assertTrue(state.optimiser().size() > 0, "Adam keeps moments");
  }

  @Test
  void checkpointsRoundTripAndOnlyTheNewestTwoAreKept(@TempDir Path dir) throws IOException {
    CheckpointStore<RunCheckpoint> store = CheckpointStore.steps(dir.resolve("checkpoints"));
    assertTrue(store.latest().checkpoint().isEmpty());

    for (int step : new int[] {9, 19, 29}) store.save(checkpoint(step));

    CheckpointStore.Latest<RunCheckpoint> found = store.latest();
    assertEquals(List.of(), found.warnings());
    RunCheckpoint latest = found.checkpoint().orElseThrow();
    RunCheckpoint expected = checkpoint(29);
    assertEquals(expected.records(), latest.records());
    assertEquals(expected.partitions().get(0).partition().parameters(), latest.partitions().get(0).partition().parameters());
    assertEquals(expected.partitions().get(0).clockMs(), latest.partitions().get(0).clockMs());
    LinkState link = latest.links().get("uplink");
    assertArrayEquals(new double[] {12.5, 3.0}, link.model().busyUntilMs());
    assertTrue(Double.isNaN(link.model().faultsOpenedAtMs()[0]), "a window not yet open stays NaN");
    assertEquals(7, link.messagesDropped());
    assertEquals(List.of(0, 7), link.channelEpochStarts());
    try (Stream<Path> files = Files.list(store.directory())) {
      assertEquals(List.of("step-000019.ckpt", "step-000029.ckpt"), files.map(f -> f.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void aDamagedNewestCheckpointFallsBackToThePreviousOneWithAWarning(@TempDir Path dir) throws IOException {
    CheckpointStore<RunCheckpoint> store = CheckpointStore.steps(dir);
    store.save(checkpoint(9));
    store.save(checkpoint(19));
    Path newest = dir.resolve("step-000019.ckpt");
    byte[] bytes = Files.readAllBytes(newest);
    bytes[bytes.length / 2] ^= 0x10; // one flipped bit
    Files.write(newest, bytes);

    CheckpointStore.Latest<RunCheckpoint> found = store.latest();

    assertEquals(9, found.checkpoint().orElseThrow().step());
    assertEquals(
        List.of(newest + ": not a readable checkpoint (its checksum does not match: the file is damaged); using the one before it"),
        found.warnings());
  }

  @Test
  void noIntactCheckpointGivesNoneAndSaysWhichFileWasNotReadable(@TempDir Path dir) throws IOException {
    CheckpointStore<RunCheckpoint> store = CheckpointStore.steps(dir);
    Files.write(dir.resolve("step-000005.ckpt"), new byte[] {1, 2, 3});

    CheckpointStore.Latest<RunCheckpoint> found = store.latest();

    assertTrue(found.checkpoint().isEmpty());
    assertEquals(1, found.warnings().size());
    assertTrue(found.warnings().get(0).startsWith(dir.resolve("step-000005.ckpt") + ": not a readable checkpoint"), found.warnings().get(0));
  }

  private static double train(Partition p, INDArray x, INDArray y) {
    double loss = p.trainFromLabels(x, y).loss();
    p.update();
    return loss;
  }

  private static RunCheckpoint checkpoint(int step) {
    Partition.State partition =
        new Partition.State(Tensor.of(new int[] {1, 3}, new float[] {step, 2, 3}), Tensor.of(new int[] {1, 2}, new float[] {4, 5}), step + 1);
    List<StepRecord> records = new ArrayList<>();
    for (int i = 0; i <= step; i++) {
      records.add(new StepRecord(i, 1.0 / (i + 1), i * 10.0, 10.0, Map.of("device", 4.0), Map.of("uplink", 6.0), 100, 0, 1.5,
          i % 10 == 9 ? OptionalDouble.of(0.5) : OptionalDouble.empty()));
    }
    LinkState link = new LinkState(new DigitalLinkModel.State(new double[] {12.5, 3.0}, new double[] {Double.NaN}), 1000, 20, 7, 1, 640.0, List.of(0, 7));
    return new RunCheckpoint("t", 1, step, List.of(new SplitWorker.State(partition, step * 10.0, step)), Map.of("uplink", link), records);
  }
}
