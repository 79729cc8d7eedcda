package io.edgeweave.collab;

import io.edgeweave.metrics.RoundRecord;
import io.edgeweave.training.CheckpointStore;
import java.nio.file.Path;
import java.util.List;

/**
 * A collaborative run between two rounds: the cloud's state after round {@code state.nextRound() - 1} and the
 * records of the rounds up to it. A run resumes from it with the next round and computes exactly what it would
 * have computed without the interruption: every other draw of a round is a function of the seed and the round.
 *
 * @param records the records of rounds 0..state.nextRound()-1
 */
public record RoundCheckpoint(RoundCoordinator.State state, List<RoundRecord> records) {
  public RoundCheckpoint {
    records = List.copyOf(records);
    if (records.size() != state.nextRound()) {
      throw new IllegalArgumentException(
          "a checkpoint before round " + state.nextRound() + " holds " + records.size() + " records");
    }
  }

  /** The checkpoints of a collaborative run, {@code round-NNNNNN.ckpt} by the last round they hold. */
  public static CheckpointStore<RoundCheckpoint> store(Path directory) {
    return new CheckpointStore<>(directory, "round", RoundCheckpoint.class, c -> c.state().nextRound() - 1L);
  }
}
