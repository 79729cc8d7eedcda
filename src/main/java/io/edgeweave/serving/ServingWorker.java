package io.edgeweave.serving;

import io.edgeweave.nn.FlopCount;
import io.edgeweave.nn.Networks;
import io.edgeweave.nn.Partition;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.tensor.EncodedTensor;
import io.edgeweave.tensor.Encoding;
import io.edgeweave.tensor.NdArrays;
import io.edgeweave.tensor.Tensor;
import io.edgeweave.training.Span;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One node's part in serving a deployed model, as a pure state machine: it keeps the weights of the blocks
 * it holds, its role in the current deployment, and its virtual compute clock, and decides what each
 * message means.
 *
 * <ul>
 *   <li>A query is computed through the node's blocks (counted FLOPs / the node's rate, after whatever it
 *       computed before) and passed on, encoded as the deployment's wire format says for the activation it
 *       carries; the last node sends the answer back, nodes in between relay what they got.
 *   <li>Messages of another deployment, and copies of a request already handled, are dropped.
 *   <li>Weights are relayed along their route; at their destination they are kept, and once the node holds
 *       every block of its role it builds its partition and is installed.
 *   <li>A message its link reports lost is sent again {@code retryTimeoutMs} later in virtual time.
 * </ul>
 */
public final class ServingWorker {
  private final String nodeId;
  private final double flopsPerMs;
  private final double retryTimeoutMs;
  private final int maxRetries;
  /** The blocks this node holds, for the model of {@link #heldModel}. */
  private final Map<Integer, Held> blocks = new TreeMap<>();
  private ModelSpec heldModel;
  private Role role;
  private Partition partition;
  private boolean installed;
  private double notBeforeMs;
  private double clockMs;
  private int lastQuery = -1;
  private int lastAnswer = -1;

  public ServingWorker(String nodeId, double flopsPerSecond, double retryTimeoutMs, int maxRetries) {
    this.nodeId = nodeId;
    this.flopsPerMs = flopsPerSecond / 1000.0;
    this.retryTimeoutMs = retryTimeoutMs;
    this.maxRetries = maxRetries;
  }

  /** What a node does after a message. */
  public sealed interface Decision {}

  public enum Ignore implements Decision {
    INSTANCE
  }

  /** Put {@code message} on the link to neighbour {@code to}. */
  public record Send(String to, ServingMessage message) implements Decision {}

  /** The source has the answer of a request. */
  public record Completed(Answer answer) implements Decision {}

  /** The node holds every block of its role since {@code readyMs}. */
  public record Installed(int epoch, double readyMs) implements Decision {}

  public record Failed(String reason) implements Decision {}

  /** A block's parameters and the virtual time they arrived. */
  private record Held(float[] values, double sinceMs) {}

  /**
   * Takes a role in a new deployment. Blocks still to come arrive as weights; the node is installed once it
   * holds them all, no earlier than {@code notBeforeMs}. It keeps the blocks of its old role (other nodes may
   * fetch them) until {@link #prune}.
   */
  public Decision assign(Role newRole, double notBeforeMs) {
    if (!newRole.node().equals(nodeId)) throw new IllegalArgumentException(nodeId + " given the role of " + newRole.node());
    if (heldModel != null && !newRole.model().equals(heldModel)) blocks.clear();
    heldModel = newRole.model();
    role = newRole;
    partition = null;
    installed = false;
    this.notBeforeMs = notBeforeMs;
    lastQuery = -1;
    lastAnswer = -1;
    return installIfComplete();
  }

  /** Leaves every deployment: no role, no blocks. */
  public void retire() {
    role = null;
    partition = null;
    installed = false;
    blocks.clear();
  }

  /** Forgets the blocks the current role does not run: the deployment is complete everywhere. */
  public void prune() {
    if (role != null) blocks.keySet().removeIf(k -> k < role.from() || k >= role.to());
  }

  /** The source starts a request that arrived at {@code arrivalMs}, no earlier than {@code notBeforeMs}. */
  public Decision serve(int epoch, int request, EncodedTensor input, double arrivalMs, double notBeforeMs) {
    if (!installed || role.epoch() != epoch || !role.isSource()) {
      throw new IllegalStateException(nodeId + " cannot start request " + request + " of deployment " + epoch);
    }
    return onQuery(new Query(epoch, request, 0, input, Math.max(arrivalMs, notBeforeMs), List.of()));
  }

  /** Activations of a request arriving from the previous node (or, at the source, the request itself). */
  public Decision onQuery(Query q) {
    if (!current(q) || q.request() <= lastQuery) return Ignore.INSTANCE;
    lastQuery = q.request();
    EncodedTensor values = q.values();
    double timeMs = q.timeMs();
    List<Span> trace = q.trace();
    if (role.computes()) {
      double start = Math.max(clockMs, timeMs);
      int samples = values.shape()[0];
      double durationMs = FlopCount.of(role.model(), role.from(), role.to()).forward(samples) / flopsPerMs;
      // an answer computed at the source crosses no link
      Encoding encoding = role.isLast() && role.isSource() ? Encoding.FLOAT32 : role.wire().of(role.to());
      values = EncodedTensor.of(encoding, partition.output(values.toINDArray()));
      clockMs = start + durationMs;
      timeMs = clockMs;
      trace = Query.appended(trace, new Span(nodeId, Span.Phase.FORWARD, start, clockMs, 0));
    }
    if (!role.isLast()) return new Send(role.next(), new Query(q.epoch(), q.request(), 0, values, timeMs, trace));
    Answer answer = new Answer(q.epoch(), q.request(), 0, values, timeMs, trace);
    return role.isSource() ? new Completed(answer) : new Send(role.previous(), answer);
  }

  /** A request's answer on its way back. */
  public Decision onAnswer(Answer a) {
    if (!current(a) || a.request() <= lastAnswer) return Ignore.INSTANCE;
    lastAnswer = a.request();
    Answer onward = new Answer(a.epoch(), a.request(), 0, a.values(), a.timeMs(), a.trace());
    return role.isSource() ? new Completed(onward) : new Send(role.previous(), onward);
  }

  /** Sends blocks {@code [from, to)} this node holds along {@code route} (this node first). */
  public Decision ship(int epoch, int request, int from, int to, List<String> route, double sendMs) {
    float[][] parts = new float[to - from][];
    for (int k = from; k < to; k++) {
      Held held = blocks.get(k);
      if (held == null) throw new IllegalStateException(nodeId + " does not hold block " + k);
      parts[k - from] = held.values();
    }
    return new Send(route.get(1), weights(epoch, request, heldModel, from, to, concat(parts), route, sendMs));
  }

  /**
   * Sends the given parameters (the checkpoint's) of blocks {@code [from, to)} of {@code model} along
   * {@code route}, this node first; a route of this node alone delivers them here at once.
   */
  public Decision shipCheckpoint(
      int epoch, int request, ModelSpec model, int from, int to, float[] parameters, List<String> route, double sendMs) {
    Weights weights = weights(epoch, request, model, from, to, parameters, route, sendMs);
    return route.size() == 1 ? onWeights(weights) : new Send(route.get(1), weights);
  }

  private static Weights weights(
      int epoch, int request, ModelSpec model, int from, int to, float[] parameters, List<String> route, double sendMs) {
    return new Weights(epoch, request, 0, model, from, to, Tensor.of(new int[] {parameters.length}, parameters), route, sendMs);
  }

  /** Weights on their way: relayed, or kept if this node is their destination. */
  public Decision onWeights(Weights w) {
    if (!w.destination().equals(nodeId)) {
      return new Send(w.after(nodeId), w.relayed());
    }
    if (role != null && w.epoch() < role.epoch()) return Ignore.INSTANCE;
    float[] all = w.parameters().toFloats();
    int at = 0;
    for (int k = w.fromBlock(); k < w.toBlock(); k++) {
      int size = (int) w.model().layerParameters(k);
      float[] block = new float[size];
      System.arraycopy(all, at, block, 0, size);
      blocks.put(k, new Held(block, w.timeMs()));
      at += size;
    }
    // weights may overtake the assignment they belong to; they wait for it
    boolean awaited = role != null && w.epoch() == role.epoch() && !installed;
    return awaited ? installIfComplete() : Ignore.INSTANCE;
  }

  /** A message of this node that its link reports lost: send it again unless it no longer matters. */
  public Decision onLost(ServingMessage lost) {
    boolean stale = !(lost instanceof Weights) && (role == null || lost.epoch() != role.epoch());
    if (stale) return Ignore.INSTANCE;
    if (lost.attempt() >= maxRetries) return new Failed("message lost " + (lost.attempt() + 1) + " times in a row");
    ServingMessage again = lost.retried(nodeId, retryTimeoutMs);
    String to = again instanceof Weights w ? w.after(nodeId) : again instanceof Query ? role.next() : role.previous();
    return new Send(to, again);
  }

  public Role role() {
    return role;
  }

  public boolean installed() {
    return installed;
  }

  /** The blocks this node holds, in order. */
  public List<Integer> heldBlocks() {
    return List.copyOf(blocks.keySet());
  }

  public double clockMs() {
    return clockMs;
  }

  /**
   * What a node knows between two requests, but the weights it holds (the trained model's, re-read on restore).
   *
   * @param blocksSinceMs each block held, and the virtual time it arrived
   */
  public record State(
      ModelSpec heldModel, Map<Integer, Double> blocksSinceMs, Role role, boolean installed, double notBeforeMs, double clockMs,
      int lastQuery, int lastAnswer) {}

  public State state() {
    Map<Integer, Double> since = new TreeMap<>();
    blocks.forEach((k, held) -> since.put(k, held.sinceMs()));
    return new State(heldModel, since, role, installed, notBeforeMs, clockMs, lastQuery, lastAnswer);
  }

  /**
   * Carries on from {@code state}, holding {@code values}: the parameters of its blocks, in order of block.
   *
   * @throws IllegalArgumentException if {@code values} do not match the blocks
   */
  public void restore(State state, float[] values) {
    blocks.clear();
    int at = 0;
    for (Map.Entry<Integer, Double> b : new TreeMap<>(state.blocksSinceMs()).entrySet()) {
      int size = (int) state.heldModel().layerParameters(b.getKey());
      if (at + size > values.length) throw new IllegalArgumentException(nodeId + ": too few parameters for block " + b.getKey());
      blocks.put(b.getKey(), new Held(Arrays.copyOfRange(values, at, at + size), b.getValue()));
      at += size;
    }
    if (at != values.length) throw new IllegalArgumentException(nodeId + ": " + (values.length - at) + " parameters too many");
    heldModel = state.heldModel();
    role = state.role();
    notBeforeMs = state.notBeforeMs();
    clockMs = state.clockMs();
    partition = null;
    installed = false;
    if (state.installed()) installIfComplete();
    lastQuery = state.lastQuery();
    lastAnswer = state.lastAnswer();
  }

  private boolean current(ServingMessage m) {
    return installed && m.epoch() == role.epoch();
  }

  private Decision installIfComplete() {
    double readyMs = notBeforeMs;
    for (int k = role.from(); k < role.to(); k++) {
      Held held = blocks.get(k);
      if (held == null) return Ignore.INSTANCE;
      readyMs = Math.max(readyMs, held.sinceMs());
    }
    if (role.computes()) {
      float[][] parts = new float[role.to() - role.from()][];
      for (int k = role.from(); k < role.to(); k++) parts[k - role.from()] = blocks.get(k).values();
      float[] parameters = concat(parts);
      INDArray flat = NdArrays.fromFloats(parameters, 1, parameters.length);
      partition = Networks.partition(role.model(), role.from(), role.to(), flat);
    }
    installed = true;
    return new Installed(role.epoch(), readyMs);
  }

  private static float[] concat(float[][] parts) {
    int length = 0;
    for (float[] p : parts) length += p.length;
    float[] all = new float[length];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }
}
