package io.edgeweave.collab;

import io.edgeweave.collab.RoundLedger.Outcome;
import io.edgeweave.data.Dataset;
import io.edgeweave.metrics.RoundRecord;
import io.edgeweave.nn.NetworkPool;
import io.edgeweave.tensor.Tensor;
import io.edgeweave.training.Evaluation;
import java.util.BitSet;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.OptionalDouble;

/**
 * The cloud's side of collaborative training, without actors: selects each round's devices, keeps the
 * round's {@link RoundLedger} and link statistics, decides when the round may close, aggregates, advances
 * the cloud's virtual clock and evaluates the global model. Single-threaded: the cloud actor owns it.
 *
 * <p>A round may close when every selected device is accounted for, the downlink report of every selected
 * device is in (a device's outcome and its link's report come from different actors, in either order), and
 * every copy of an update its link announced has arrived (so that duplicates are counted the same way in
 * every run); or when the caller gives up on it.
 *
 * <p>It also keeps each device's virtual clock, as the devices report it, and sends it with the round's model: so
 * between two rounds its {@link State} is all a run needs to go on, in this process or after a restart.
 */
public final class RoundCoordinator {
  private final Fleet fleet;
  private final double cloudFlopsPerMs;
  private final BitSet gone = new BitSet();
  private final double[] deviceClocksMs;
  private int nextRound;
  private Tensor global;
  private double clockMs;
  private RoundLedger ledger;
  private Tally tally;
  private boolean open;

  /**
   * The cloud between two rounds: what every later round depends on, since everything else a round draws is a
   * function of the seed and the round.
   *
   * @param nextRound the round to open next
   * @param clockMs the cloud's virtual clock
   * @param gone the devices that crashed, never selected again
   * @param deviceClocksMs each device's virtual clock after its last round
   */
  public record State(int nextRound, Tensor global, double clockMs, int[] gone, double[] deviceClocksMs) {
    /** Before the first round. */
    public static State initial(Tensor global, int devices) {
      return new State(0, global, 0, new int[0], new double[devices]);
    }
  }

  public RoundCoordinator(Fleet fleet, Tensor initial, double cloudFlopsPerSecond) {
    this(fleet, State.initial(initial, fleet.size()), cloudFlopsPerSecond);
  }

  /** Continues from {@code start}, as after the round before {@code start.nextRound()}. */
  public RoundCoordinator(Fleet fleet, State start, double cloudFlopsPerSecond) {
    if (start.deviceClocksMs().length != fleet.size()) {
      throw new IllegalArgumentException("a state of " + start.deviceClocksMs().length + " devices for a fleet of "
          + fleet.size());
    }
    this.fleet = fleet;
    this.nextRound = start.nextRound();
    this.global = start.global();
    this.clockMs = start.clockMs();
    for (int device : start.gone()) gone.set(device);
    this.deviceClocksMs = start.deviceClocksMs().clone();
    this.cloudFlopsPerMs = cloudFlopsPerSecond / 1000;
  }

  /** The state after the last closed round; none while a round is open. */
  public State state() {
    if (open) throw new IllegalStateException("round " + ledger.round() + " is still open");
    return new State(nextRound, global, clockMs, gone.stream().toArray(), deviceClocksMs.clone());
  }

  /** The round to open next. */
  public int nextRound() {
    return nextRound;
  }

  /** A device's virtual clock, to send it with the model: its last round's work ended then. */
  public double deviceClockMs(int device) {
    return deviceClocksMs[device];
  }

  /** Starts round {@code round}: selects its devices; the model to send them is {@link #model()}. */
  public int[] open(int round) {
    if (open) throw new IllegalStateException("round " + ledger.round() + " is still open");
    var workload = fleet.workload();
    int[] selected = DeviceSelection.select(fleet.seed(), round, workload.perRound(), fleet.size(), gone);
    double deadlineMs = workload.hasDeadline() ? workload.deadline().toNanos() / 1e6 : Double.POSITIVE_INFINITY;
    ledger = new RoundLedger(round, selected, clockMs, deadlineMs);
    tally = new Tally(fleet.algorithm().aggregation().start(global));
    open = true;
    return selected;
  }

  /** What the cloud sends every selected device of the open round. */
  public RoundModel model() {
    return new RoundModel(ledger.round(), global, ledger.startMs());
  }

  public int round() {
    return ledger.round();
  }

  /** Virtual time the open (or last) round started. */
  public double startMs() {
    return ledger.startMs();
  }

  /** An update delivered by a device's link. */
  public RoundLedger.Arrival arrive(DeviceUpdate update, double arrivedAtMs) {
    RoundLedger.Arrival arrival = ledger.arrive(update, arrivedAtMs);
    if (arrival != RoundLedger.Arrival.UNEXPECTED) tally.arrivals++;
    if (arrival == RoundLedger.Arrival.ACCEPTED) tally.accept(update, arrivedAtMs - update.sentAtMs());
    return arrival;
  }

  /**
   * A link's report of one transfer; a transfer that no attempt delivered makes its device unreachable.
   *
   * @param sentAtMs virtual time of the first attempt: for an update, the device's clock when its round's work ended
   * @param copies arrivals at the far end: 0 if every attempt was lost, 2 if duplicated
   */
  public void transferred(int round, int device, boolean uplink, double sentAtMs, long bytes, int attempts, int copies) {
    if (uplink) clockAdvanced(device, sentAtMs);
    if (round != ledger.round()) return;
    tally.linkBytes += bytes;
    tally.lost += copies == 0 ? attempts : attempts - 1;
    if (copies > 1) tally.duplicated++;
    if (uplink) tally.uplinkCopies += copies;
    else tally.downlinkReports++;
    if (copies == 0) ledger.fail(device, Outcome.UNREACHABLE);
  }

  /** A device that went silent in round {@code round}, its clock then at {@code clockMs}. */
  public void droppedOut(int round, int device, double clockMs) {
    clockAdvanced(device, clockMs);
    if (round == ledger.round()) ledger.fail(device, Outcome.DROPPED_OUT);
  }

  /** A device's clock only moves on (a report of an earlier round, late after a round given up, changes nothing). */
  private void clockAdvanced(int device, double clockMs) {
    deviceClocksMs[device] = Math.max(deviceClocksMs[device], clockMs);
  }

  /**
   * A selected device whose actor stopped during the open round. If its fate for the round is a crash, it crashed:
   * it is never selected again. Otherwise its JVM was lost: it counts as crashed for this round only, and takes part
   * again once hosted elsewhere.
   *
   * @return whether it crashed for good
   */
  public boolean stopped(int device) {
    var workload = fleet.workload();
    DeviceFate fate = DeviceFate.draw(fleet.seed(), ledger.round(), device, workload.devices().dropout(),
        workload.devices().crash(), workload.localSteps());
    if (fate.kind() != DeviceFate.Kind.CRASH) {
      lostWithJvm(device);
      return false;
    }
    crashed(device);
    return true;
  }

  /** A device whose actor failed: it is never selected again. */
  public void crashed(int device) {
    gone.set(device);
    ledger.fail(device, Outcome.CRASHED);
  }

  /** A device whose JVM was lost: crashed for the open round if selected and not yet accounted for. */
  public void lostWithJvm(int device) {
    if (open) ledger.fail(device, Outcome.CRASHED);
  }

  /** Counts every device not yet heard of as unanswered, so that the round can close; returns them. */
  public List<Integer> giveUp() {
    tally.gaveUp = true;
    return ledger.giveUp();
  }

  /** Whether a round is open and may close now. */
  public boolean readyToClose() {
    return open && ledger.complete()
        && (tally.gaveUp || (tally.downlinkReports == ledger.size() && tally.arrivals == tally.uplinkCopies));
  }

  /** Devices accounted for in the open round. */
  public int accounted() {
    return ledger.accounted();
  }

  public int selectedCount() {
    return ledger.size();
  }

  /**
   * Closes the round: aggregates the updates that arrived in time, advances the virtual clock past the
   * aggregation, and evaluates the new model if asked.
   *
   * @param training local training time of the round
   * @param test evaluate test accuracy on this set, or {@code null} to skip
   */
  public RoundRecord close(double wallTimeMs, TrainingMeter.Reading training, long heapUsedBytes, Dataset test) {
    if (!readyToClose()) throw new IllegalStateException("round " + ledger.round() + " cannot close yet");
    tally.sumInDeviceOrder(fleet.workload().batchSize());
    double closesAtMs = ledger.closesAtMs();
    global = tally.aggregate.finish();
    int aggregated = tally.accepted.size();
    double aggregationMs = fleet.algorithm().aggregation().flops(global.size(), aggregated) / cloudFlopsPerMs;
    clockMs = closesAtMs + aggregationMs;
    open = false;
    nextRound = ledger.round() + 1;
    OptionalDouble accuracy = test == null ? OptionalDouble.empty() : OptionalDouble.of(accuracy(test));
    int n = Math.max(1, aggregated);
    return new RoundRecord(
        ledger.round(),
        ledger.size(),
        ledger.count(Outcome.ARRIVED),
        ledger.count(Outcome.STRAGGLER),
        ledger.count(Outcome.DROPPED_OUT),
        ledger.count(Outcome.CRASHED),
        ledger.count(Outcome.UNREACHABLE),
        ledger.count(Outcome.UNANSWERED),
        ledger.duplicates(),
        tally.samples == 0 ? Double.NaN : tally.weightedLoss / tally.samples,
        ledger.startMs(),
        clockMs,
        aggregationMs,
        tally.downlinkMs / n,
        tally.computeMs / n,
        tally.uplinkMs / n,
        tally.linkBytes,
        tally.lost,
        tally.duplicated,
        tally.trainingSamples,
        wallTimeMs,
        training.wallMs(),
        training.cpuMs(),
        heapUsedBytes,
        accuracy);
  }

  /** Test accuracy of the global model, on a network borrowed from the pool. */
  public double accuracy(Dataset test) {
    try (NetworkPool.Lease lease = fleet.pool().borrow()) {
      lease.network().setParams(global.toINDArray());
      return Evaluation.accuracy(lease.network(), test);
    }
  }

  public Tensor global() {
    return global;
  }

  public double clockMs() {
    return clockMs;
  }

  /** Devices that have crashed so far. */
  public int goneCount() {
    return gone.cardinality();
  }

  /**
   * The open round's aggregate, link statistics and sums over its accepted updates. The updates' parameters are
   * folded into the aggregate as they arrive; their figures are kept by device and added up in device order when it
   * closes (in arrival order, the last bits of a sum would depend on timing).
   */
  private static final class Tally {
    final Aggregation.Round aggregate;
    /** Each accepted update's figures, by device. */
    final SortedMap<Integer, Accepted> accepted = new TreeMap<>();
    long linkBytes;
    int lost;
    int duplicated;
    int downlinkReports;
    int uplinkCopies;
    int arrivals;
    boolean gaveUp;
    double downlinkMs;
    double computeMs;
    double uplinkMs;
    double weightedLoss;
    long samples;
    long trainingSamples;

    Tally(Aggregation.Round aggregate) {
      this.aggregate = aggregate;
    }

    /** What is left of an update once its parameters are in the aggregate. */
    private record Accepted(int samples, int steps, double loss, double downlinkMs, double computeMs, double uplinkMs) {}

    void accept(DeviceUpdate u, double uplinkMs) {
      aggregate.add(u);
      accepted.put(u.device(), new Accepted(u.samples(), u.steps(), u.loss(), u.downlinkMs(), u.computeMs(), uplinkMs));
    }

    void sumInDeviceOrder(int batchSize) {
      for (Accepted u : accepted.values()) {
        downlinkMs += u.downlinkMs();
        computeMs += u.computeMs();
        uplinkMs += u.uplinkMs();
        weightedLoss += u.samples() * u.loss();
        samples += u.samples();
        trainingSamples += (long) u.steps() * Math.min(batchSize, u.samples());
      }
    }
  }
}
