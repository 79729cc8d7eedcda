package io.edgeweave.training.actors;

import io.edgeweave.data.Dataset;
import io.edgeweave.fault.TrainingNodeFaults;
import io.edgeweave.nn.Networks;
import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NetworkPlan;
import io.edgeweave.scenario.NodeSpec;
import io.edgeweave.scenario.RuntimeSpec;
import io.edgeweave.tensor.Tensor;
import io.edgeweave.training.Activations;
import io.edgeweave.training.BatchSource;
import io.edgeweave.training.Errors;
import io.edgeweave.training.Inference;
import io.edgeweave.training.LocalData;
import io.edgeweave.training.SplitWorker;
import io.edgeweave.training.StepMessage;
import io.edgeweave.training.StepReports;
import io.edgeweave.training.StepResult;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A node that hosts one partition of a split network: the shared behaviour of {@link EdgeDevice} and
 * {@link CloudServer}. It decodes messages, lets its {@link SplitWorker} decide, and sends what it
 * decided; an unanswered step is resent after the retry timeout.
 */
public final class PartitionHost extends AbstractBehavior<PartitionHost.Command> {

  public interface Command extends CborSerializable {}

  /**
   * Host partition {@code index} of the network {@code plan}, between the given links, from its initial parameters
   * or from a checkpoint, each step's batch cut into {@code microBatches}.
   */
  public record AssignPartition(
      int index,
      NetworkPlan plan,
      ActorRef<WirelessLink.Command> upstream,
      ActorRef<WirelessLink.Command> downstream,
      Optional<SplitWorker.State> resumeFrom,
      int microBatches,
      ActorRef<Event> replyTo)
      implements Command {}

  /**
   * First node only: run training steps {@code from} to {@code until}, one after another, each on the next local
   * batch, reporting them a few at a time ({@link StepsCompleted}): the director is off the path between two steps.
   * A loss that stops the run (a diverged step) ends them early.
   */
  public record RunSteps(int from, int until) implements Command {}

  /**
   * First node only: stop after the step in flight instead of running to the end of the steps asked for; if that
   * cuts them short, say {@link Paused} after the {@link StepsCompleted} that holds that step.
   */
  public enum Pause implements Command {
    INSTANCE
  }

  /** A message from a link. */
  public record Deliver(StepMessage message) implements Command {}

  public record ReportParameters(ActorRef<Event> replyTo) implements Command {}

  /** Between steps: report the partition's state for a checkpoint. */
  public record SaveState(ActorRef<Event> replyTo) implements Command {}

  /** A link could not deliver a message of this node. */
  public record Lost(StepMessage message) implements Command {}

  /** First node only: measure test accuracy (evaluation {@code round}) after training step {@code step}. */
  public record Evaluate(int round, int step, double timeMs) implements Command {}

  /** A test batch from a link, to run through this partition in inference mode. */
  public record Infer(Inference inference) implements Command {}

  record ResponseOverdue(int step, int micro) implements Command {}

  /** What a host tells the director. */
  public interface Event extends CborSerializable {}

  public record PartitionAssigned(String nodeId, int index) implements Event {}

  /** The steps run since the last report, in order. */
  public record StepsCompleted(String nodeId, List<StepReports.Completed> steps) implements Event {}

  public record StepFailed(String nodeId, int step, String reason) implements Event {}

  /** The steps asked for were cut short by a {@link Pause}: {@code lastStep} was the last one run. */
  public record Paused(String nodeId, int lastStep) implements Event {}

  public record ParametersReported(String nodeId, int index, int updates, Tensor parameters) implements Event {}

  public record StateSaved(String nodeId, int index, SplitWorker.State state) implements Event {}

  /** The last partition's verdict on one test batch. */
  public record BatchEvaluated(int round, int batch, int correct, int samples) implements Event {}

  private final NodeSpec node;
  private final ModelSpec model;
  private final long seed;
  private final RuntimeSpec runtime;
  private final Optional<LocalData> data;
  private final TrainingNodeFaults faults;
  private final TimerScheduler<Command> timers;
  private SplitWorker worker;
  private int index;
  private ActorRef<WirelessLink.Command> upstream;
  private ActorRef<WirelessLink.Command> downstream;
  private ActorRef<Event> director;
  /** First node: the step running (-1: none) and the last step it is to run. */
  private int running = -1;
  private int runUntil = -1;
  private boolean cutShort;
  private final StepReports reports;

  /** @param faults the node's own faults (slow-node windows) */
  static Behavior<Command> create(
      NodeSpec node, ModelSpec model, long seed, RuntimeSpec runtime, Optional<LocalData> data, TrainingNodeFaults faults) {
    return Behaviors.setup(
        ctx -> Behaviors.withTimers(timers -> new PartitionHost(ctx, timers, node, model, seed, runtime, data, faults)));
  }

  private PartitionHost(
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      NodeSpec node,
      ModelSpec model,
      long seed,
      RuntimeSpec runtime,
      Optional<LocalData> data,
      TrainingNodeFaults faults) {
    super(ctx);
    this.faults = faults;
    this.timers = timers;
    this.node = node;
    this.model = model;
    this.seed = seed;
    this.runtime = runtime;
    this.data = data;
    this.reports = new StepReports(runtime.reportEvery());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(AssignPartition.class, this::onAssign)
        .onMessage(RunSteps.class, this::onRunSteps)
        .onMessage(Pause.class, p -> onPause())
        .onMessage(Deliver.class, this::onDeliver)
        .onMessage(Lost.class, this::onLost)
        .onMessage(ResponseOverdue.class, this::onResponseOverdue)
        .onMessage(ReportParameters.class, this::onReportParameters)
        .onMessage(SaveState.class, this::onSaveState)
        .onMessage(Evaluate.class, this::onEvaluate)
        .onMessage(Infer.class, this::onInfer)
        .build();
  }

  private Behavior<Command> onAssign(AssignPartition assign) {
    index = assign.index();
    upstream = assign.upstream();
    downstream = assign.downstream();
    director = assign.replyTo();
    boolean first = index == 0;
    if (first && data.isEmpty()) throw new IllegalStateException(node.id() + " holds no training data");
    worker =
        new SplitWorker(
            node.id(),
            Networks.partition(assign.plan(), seed, index),
            first,
            node.flopsPerSecond(),
            runtime.retryTimeout().toNanos() / 1e6,
            step -> faults.slowdown(node.id(), step),
            assign.microBatches());
    assign.resumeFrom().ifPresent(worker::restore);
    director.tell(new PartitionAssigned(node.id(), index));
    return this;
  }

  private Behavior<Command> onRunSteps(RunSteps run) {
    runUntil = run.until();
    cutShort = false;
    reports.begin(System.nanoTime());
    return start(run.from());
  }

  private Behavior<Command> start(int step) {
    running = step;
    reports.stepStarted(System.nanoTime());
    BatchSource.Batch batch = data.orElseThrow().batches().batch(step);
    Behavior<Command> next = act(worker.startStep(step, batch.features(), batch.labels()));
    for (Optional<SplitWorker.Decision> d = worker.forwardNext(); d.isPresent(); d = worker.forwardNext()) {
      next = act(d.get());
    }
    return next;
  }

  private Behavior<Command> onPause() {
    if (running >= 0 && running < runUntil) {
      runUntil = running;
      cutShort = true;
    }
    return this;
  }

  /** After a step of the first node: the next one, or the end of the steps asked for (or of a diverged run). */
  private Behavior<Command> completed(StepResult result) {
    boolean last = result.step() >= runUntil || runtime.stopsOn(result.loss());
    reports.stepEnded(result, System.nanoTime(), last)
        .ifPresent(steps -> director.tell(new StepsCompleted(node.id(), steps)));
    running = -1;
    if (!last) return start(result.step() + 1);
    if (cutShort) director.tell(new Paused(node.id(), result.step()));
    cutShort = false;
    return this;
  }

  /** Computes what arrived, or keeps it until its turn, and then whatever kept message's turn has come. */
  private Behavior<Command> onDeliver(Deliver deliver) {
    Behavior<Command> next;
    if (deliver.message() instanceof Activations a) {
      next = act(worker.onActivations(a));
    } else {
      Errors errors = (Errors) deliver.message();
      timers.cancel(new ResponseOverdue(errors.step(), errors.micro()));
      next = act(worker.onErrors(errors));
    }
    for (Optional<SplitWorker.Decision> d = worker.next(); d.isPresent(); d = worker.next()) next = act(d.get());
    return next;
  }

  private Behavior<Command> onLost(Lost lost) {
    return act(worker.onLost(lost.message()));
  }

  private Behavior<Command> onResponseOverdue(ResponseOverdue overdue) {
    Optional<Activations> retried = worker.retryOutstanding(overdue.step(), overdue.micro());
    if (retried.isEmpty()) return this;
    Activations again = retried.get();
    return act(
        again.attempt() > runtime.maxRetries()
            ? new SplitWorker.Failed(overdue.step(), "no answer in " + runtime.responseTimeout() + ", " + runtime.maxRetries() + " times")
            : new SplitWorker.SendDownstream(again));
  }

  private Behavior<Command> onReportParameters(ReportParameters report) {
    Tensor parameters = Tensor.of(worker.partition().parameters());
    report.replyTo().tell(new ParametersReported(node.id(), index, worker.partition().iteration(), parameters));
    return this;
  }

  private Behavior<Command> onSaveState(SaveState save) {
    save.replyTo().tell(new StateSaved(node.id(), index, worker.state()));
    return this;
  }

  /** Sends the local test set through the partitions, batch by batch. */
  private Behavior<Command> onEvaluate(Evaluate evaluate) {
    Dataset test = data.orElseThrow().test();
    for (int b = 0; b < Inference.batches(test.size()); b++) {
      int[] rows = IntStream.range(b * Inference.BATCH, Math.min(test.size(), (b + 1) * Inference.BATCH)).toArray();
      Inference batch =
          new Inference(evaluate.round(), b, evaluate.step(), evaluate.timeMs(), Tensor.of(test.features(rows)), test.labels(rows));
      onInfer(new Infer(batch));
    }
    return this;
  }

  private Behavior<Command> onInfer(Infer infer) {
    Inference in = infer.inference();
    INDArray out = worker.partition().output(in.values().toINDArray());
    if (downstream != null) {
      downstream.tell(new WirelessLink.CarryInference(in.withValues(Tensor.of(out))));
    } else {
      director.tell(new BatchEvaluated(in.round(), in.batch(), correct(out, in.labels()), in.labels().length));
    }
    return this;
  }

  private static int correct(INDArray probabilities, int[] labels) {
    INDArray predicted = probabilities.argMax(1);
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      if (predicted.getInt(i) == labels[i]) correct++;
    }
    return correct;
  }

  private Behavior<Command> act(SplitWorker.Decision decision) {
    if (decision instanceof SplitWorker.SendDownstream down) {
      Activations sent = down.activations();
      downstream.tell(new WirelessLink.Carry(node.id(), sent));
      timers.startSingleTimer(new ResponseOverdue(sent.step(), sent.micro()), runtime.responseTimeout());
    } else if (decision instanceof SplitWorker.SendUpstream up) {
      upstream.tell(new WirelessLink.Carry(node.id(), up.errors()));
    } else if (decision instanceof SplitWorker.Completed done) {
      timers.cancelAll();
      return completed(done.result());
    } else if (decision instanceof SplitWorker.Failed failed) {
      timers.cancelAll();
      running = -1;
      runUntil = -1;
      director.tell(new StepFailed(node.id(), failed.step(), failed.reason()));
    }
    return this;
  }
}
