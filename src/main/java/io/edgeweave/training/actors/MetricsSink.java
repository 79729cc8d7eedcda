package io.edgeweave.training.actors;

import io.edgeweave.metrics.HtmlReport;
import io.edgeweave.metrics.LiveMetrics;
import io.edgeweave.metrics.MetricsCsvWriter;
import io.edgeweave.metrics.RunDescription;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.metrics.SummaryWriter;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.runtime.LiveMetricsExtension;
import io.edgeweave.training.CheckpointStore;
import io.edgeweave.training.RunCheckpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Writes a run's results as they come: one {@code metrics.csv} row per step (flushed as they arrive, so a crash keeps
 * them), checkpoints under {@code checkpoints/}, then {@code summary.json} and {@code report.html} at the end. When
 * a run resumes from a checkpoint (after a lost node, or in a new process), {@code metrics.csv} is rewritten with the
 * checkpoint's rows, so no step is missing or written twice. File I/O stays off the director.
 */
public final class MetricsSink extends AbstractBehavior<MetricsSink.Command> {

  public interface Command extends CborSerializable {}

  /** Steps committed, in order. */
  public record Record(List<StepRecord> steps) implements Command {}

  public record Finish(RunSummary summary, ActorRef<Finished> replyTo) implements Command {}

  public record Finished(Path directory) implements CborSerializable {}

  /** Write a checkpoint durably, then reply. */
  public record SaveCheckpoint(RunCheckpoint checkpoint, ActorRef<CheckpointSaved> replyTo) implements Command {}

  public record CheckpointSaved(int step) implements CborSerializable {}

  /** Read the newest intact checkpoint back and keep only the rows of its steps: the run computes the rest again. */
  public record LoadCheckpoint(ActorRef<CheckpointLoaded> replyTo) implements Command {}

  /** @param warnings one per newer checkpoint file that was not readable */
  public record CheckpointLoaded(Optional<RunCheckpoint> checkpoint, List<String> warnings) implements CborSerializable {}

  private final Path directory;
  private final List<String> nodeIds;
  private final List<String> linkIds;
  private final RunDescription run;
  private final String scenario;
  private final LiveMetrics live;
  private final CheckpointStore<RunCheckpoint> checkpoints;
  private MetricsCsvWriter csv;
  private final List<StepRecord> steps = new ArrayList<>();

  /**
   * @param scenario the run's name, for its live metrics
   * @param run the topology and faults the report draws
   */
  public static Behavior<Command> create(
      Path directory, String scenario, List<String> nodeIds, List<String> linkIds, RunDescription run) {
    return Behaviors.setup(ctx -> new MetricsSink(ctx, directory, scenario, nodeIds, linkIds, run));
  }

  private MetricsSink(
      ActorContext<Command> ctx,
      Path directory,
      String scenario,
      List<String> nodeIds,
      List<String> linkIds,
      RunDescription run)
      throws IOException {
    super(ctx);
    this.directory = directory;
    this.nodeIds = nodeIds;
    this.linkIds = linkIds;
    this.run = run;
    this.scenario = scenario;
    this.live = LiveMetricsExtension.of(ctx.getSystem());
    live.runStarted(scenario, LiveMetrics.Unit.STEPS);
    this.checkpoints = CheckpointStore.training(directory.resolve("checkpoints"));
    this.csv = new MetricsCsvWriter(directory.resolve("metrics.csv"), nodeIds, linkIds);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Record.class, this::onRecord)
        .onMessage(SaveCheckpoint.class, this::onSaveCheckpoint)
        .onMessage(LoadCheckpoint.class, this::onLoadCheckpoint)
        .onMessage(Finish.class, this::onFinish)
        .build();
  }

  private Behavior<Command> onSaveCheckpoint(SaveCheckpoint save) throws IOException {
    checkpoints.save(save.checkpoint());
    save.replyTo().tell(new CheckpointSaved(save.checkpoint().step()));
    return this;
  }

  private Behavior<Command> onLoadCheckpoint(LoadCheckpoint load) throws IOException {
    CheckpointStore.Latest<RunCheckpoint> latest = checkpoints.latest();
    steps.clear();
    latest.checkpoint().ifPresent(c -> steps.addAll(c.records()));
    csv.close();
    csv = new MetricsCsvWriter(directory.resolve("metrics.csv"), nodeIds, linkIds, steps);
    load.replyTo().tell(new CheckpointLoaded(latest.checkpoint(), latest.warnings()));
    return this;
  }

  private Behavior<Command> onRecord(Record record) throws IOException {
    csv.write(record.steps());
    steps.addAll(record.steps());
    record.steps().forEach(step -> live.stepCommitted(scenario, step));
    return this;
  }

  private Behavior<Command> onFinish(Finish finish) {
    try {
      csv.close();
      SummaryWriter.write(directory.resolve("summary.json"), finish.summary());
      HtmlReport.write(directory.resolve("report.html"), finish.summary(), steps, run);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write results to " + directory, e);
    }
    finish.replyTo().tell(new Finished(directory));
    return Behaviors.stopped();
  }
}
