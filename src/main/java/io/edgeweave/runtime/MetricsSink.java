package io.edgeweave.runtime;

import io.edgeweave.metrics.HtmlReport;
import io.edgeweave.metrics.MetricsCsvWriter;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.StepRecord;
import io.edgeweave.metrics.SummaryWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Writes a run's results as they come: one {@code metrics.csv} row per step (flushed, so a crash keeps
 * them), then {@code summary.json} and {@code report.html} at the end. File I/O stays off the director.
 */
public final class MetricsSink extends AbstractBehavior<MetricsSink.Command> {

  public interface Command extends CborSerializable {}

  public record Record(StepRecord step) implements Command {}

  public record Finish(RunSummary summary, ActorRef<Finished> replyTo) implements Command {}

  public record Finished(Path directory) implements CborSerializable {}

  private final Path directory;
  private final MetricsCsvWriter csv;
  private final List<StepRecord> steps = new ArrayList<>();

  public static Behavior<Command> create(Path directory, List<String> nodeIds, List<String> linkIds) {
    return Behaviors.setup(ctx -> new MetricsSink(ctx, directory, nodeIds, linkIds));
  }

  private MetricsSink(ActorContext<Command> ctx, Path directory, List<String> nodeIds, List<String> linkIds)
      throws IOException {
    super(ctx);
    this.directory = directory;
    this.csv = new MetricsCsvWriter(directory.resolve("metrics.csv"), nodeIds, linkIds);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessage(Record.class, this::onRecord).onMessage(Finish.class, this::onFinish).build();
  }

  private Behavior<Command> onRecord(Record record) throws IOException {
    csv.write(record.step());
    steps.add(record.step());
    return this;
  }

  private Behavior<Command> onFinish(Finish finish) {
    try {
      csv.close();
      SummaryWriter.write(directory.resolve("summary.json"), finish.summary());
      HtmlReport.write(directory.resolve("report.html"), finish.summary(), steps);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write results to " + directory, e);
    }
    finish.replyTo().tell(new Finished(directory));
    return Behaviors.stopped();
  }
}
