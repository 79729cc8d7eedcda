package io.edgeweave.collab.actors;

import io.edgeweave.metrics.CollaborationSummary;
import io.edgeweave.metrics.LiveMetrics;
import io.edgeweave.metrics.RoundCsvWriter;
import io.edgeweave.metrics.RoundRecord;
import io.edgeweave.metrics.RoundReport;
import io.edgeweave.metrics.RunSummary;
import io.edgeweave.metrics.SummaryWriter;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.runtime.LiveMetricsExtension;
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
 * Writes a collaborative run's results as they come: one {@code metrics.csv} row per round (flushed, so a
 * crash keeps them), then {@code summary.json} and {@code report.html} at the end.
 */
public final class RoundMetricsSink extends AbstractBehavior<RoundMetricsSink.Command> {
  public interface Command extends CborSerializable {}

  public record Record(RoundRecord round) implements Command {}

  /** The run folder is complete. */
  public record Finished(Path directory) implements CborSerializable {}

  public record Finish(RunSummary summary, CollaborationSummary collaboration, ActorRef<Finished> replyTo)
      implements Command {}

  private final Path directory;
  private final RoundCsvWriter csv;
  private final List<RoundRecord> rounds = new ArrayList<>();
  private final String scenario;
  private final LiveMetrics live;

  /** @param scenario the run's name, for its live metrics */
  public static Behavior<Command> create(Path directory, String scenario) {
    return Behaviors.setup(ctx -> new RoundMetricsSink(ctx, directory, scenario));
  }

  private RoundMetricsSink(ActorContext<Command> ctx, Path directory, String scenario) throws IOException {
    super(ctx);
    this.directory = directory;
    this.scenario = scenario;
    this.live = LiveMetricsExtension.of(ctx.getSystem());
    live.runStarted(scenario, LiveMetrics.Unit.ROUNDS);
    this.csv = new RoundCsvWriter(directory.resolve("metrics.csv"));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessage(Record.class, this::onRecord).onMessage(Finish.class, this::onFinish).build();
  }

  private Behavior<Command> onRecord(Record record) throws IOException {
    csv.write(record.round());
    rounds.add(record.round());
    live.roundCompleted(scenario, record.round());
    return this;
  }

  private Behavior<Command> onFinish(Finish finish) {
    try {
      csv.close();
      SummaryWriter.write(directory.resolve("summary.json"), finish.summary(), finish.collaboration());
      RoundReport.write(directory.resolve("report.html"), finish.summary(), finish.collaboration(), rounds);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write results to " + directory, e);
    }
    finish.replyTo().tell(new Finished(directory));
    return Behaviors.stopped();
  }
}
