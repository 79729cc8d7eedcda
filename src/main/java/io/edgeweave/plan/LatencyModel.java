package io.edgeweave.plan;

import io.edgeweave.scenario.LinkSpec;
import io.edgeweave.scenario.NodeSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The completion latency of one inference request under a placement, in the runtime's virtual time (ADR 1):
 * a node computes its blocks in counted forward FLOPs / its FLOP rate; a message of {@code b} bytes crosses
 * a link in {@code 8·b / rate + propagation}, hop by hop (a relay forwards a message once it has all of
 * it); the output goes back along the path to the first node, which issued the request. Messages carry
 * {@code samples} samples' activations, encoded as the chain's wire format says, plus a fixed header. The formulas are the runtime's own
 * ({@code SplitWorker}, {@code DigitalLinkModel}) so that a deployed plan measures what it predicts, as
 * long as no other request queues ahead of it.
 */
public final class LatencyModel {
  private final BlockChain chain;
  private final Topology topology;
  private final int samples;
  private final long headerBytes;
  private final long[] flopsBefore;
  private final long[] memoryBefore;

  /**
   * @param samples samples per request
   * @param headerBytes bytes a message carries besides its tensor
   */
  public LatencyModel(BlockChain chain, Topology topology, int samples, long headerBytes) {
    if (samples < 1) throw new IllegalArgumentException("a request carries at least one sample, got " + samples);
    this.chain = chain;
    this.topology = topology;
    this.samples = samples;
    this.headerBytes = headerBytes;
    this.flopsBefore = new long[chain.size() + 1];
    this.memoryBefore = new long[chain.size() + 1];
    for (int k = 0; k < chain.size(); k++) {
      flopsBefore[k + 1] = flopsBefore[k] + chain.block(k).forwardFlopsPerSample();
      memoryBefore[k + 1] = memoryBefore[k] + chain.block(k).memoryBytes();
    }
  }

  public BlockChain chain() {
    return chain;
  }

  public Topology topology() {
    return topology;
  }

  public int samples() {
    return samples;
  }

  /** The same model over another topology. */
  public LatencyModel on(Topology other) {
    return new LatencyModel(chain, other, samples, headerBytes);
  }

  /** Bytes of the message carrying activation {@code k} (0: the input; the block count: the output). */
  public long messageBytes(int k) {
    return chain.activationBytes(k, samples) + headerBytes;
  }

  /** Virtual time node {@code node} takes for blocks {@code [from, to)} of one request. */
  public double computeMs(NodeSpec node, int from, int to) {
    return (flopsBefore[to] - flopsBefore[from]) * samples / (node.flopsPerSecond() / 1000.0);
  }

  /** Memory blocks {@code [from, to)} take. */
  public long memoryBytes(int from, int to) {
    return memoryBefore[to] - memoryBefore[from];
  }

  /** Whether blocks {@code [from, to)} fit into the node's memory. */
  public boolean fits(NodeSpec node, int from, int to) {
    return memoryBytes(from, to) <= node.memoryBytes();
  }

  /** Time for a message of {@code bytes} to cross an idle link. */
  public static double transferMs(LinkSpec link, long bytes) {
    return bytes * 8.0 / link.bitsPerSecond() * 1000 + link.propagation().toNanos() / 1e6;
  }

  /** The link between consecutive path nodes; fails if there is none. */
  LinkSpec hop(String a, String b) {
    LinkSpec link = topology.link(a, b);
    if (link == null) throw new IllegalArgumentException("no link between " + a + " and " + b);
    return link;
  }

  /**
   * The latency of a placement, split into compute per node and transfer per link (both directions), and
   * whether every node's blocks fit its memory.
   */
  public Breakdown evaluate(Placement placement) {
    if (placement.blockCount() != chain.size()) {
      throw new IllegalArgumentException("placement of " + placement.blockCount() + " blocks for a chain of " + chain.size());
    }
    Map<String, Double> compute = new LinkedHashMap<>();
    Map<String, Double> transfer = new LinkedHashMap<>();
    boolean fits = true;
    double total = 0;
    int last = placement.path().size() - 1;
    for (int i = 0; i <= last; i++) {
      NodeSpec node = topology.node(placement.path().get(i));
      if (i > 0) {
        LinkSpec link = hop(placement.path().get(i - 1), node.id());
        double ms = transferMs(link, messageBytes(placement.from(i)));
        transfer.merge(link.id(), ms, Double::sum);
        total += ms;
      }
      double ms = computeMs(node, placement.from(i), placement.to(i));
      compute.merge(node.id(), ms, Double::sum);
      total += ms;
      fits &= fits(node, placement.from(i), placement.to(i));
    }
    for (int i = last; i > 0; i--) {
      LinkSpec link = hop(placement.path().get(i - 1), placement.path().get(i));
      double ms = transferMs(link, messageBytes(chain.size()));
      transfer.merge(link.id(), ms, Double::sum);
      total += ms;
    }
    return new Breakdown(total, compute, transfer, fits);
  }

  /**
   * @param computeMsByNode compute time of each path node (0 for relays)
   * @param transferMsByLink time on each link used, there and back
   * @param fits whether every node's blocks fit its memory
   */
  public record Breakdown(double totalMs, Map<String, Double> computeMsByNode, Map<String, Double> transferMsByLink, boolean fits) {}
}
