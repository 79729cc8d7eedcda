package io.edgeweave.nn;

import io.edgeweave.scenario.ModelSpec;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * DL4J networks of one architecture, lent for the moment of computing and handed back, so that thousands of
 * actors that train now and then share a few networks. At most {@code capacity} networks are ever built;
 * a borrower finding none idle waits for one. Size it to the number of threads that compute (the compute
 * dispatcher's), so that borrowers on those threads never wait. A borrowed network holds whatever its last
 * borrower left: parameters, optimiser state, iteration count; the borrower sets what it needs. Thread-safe.
 */
public final class NetworkPool {
  private final ModelSpec spec;
  private final int capacity;
  private final BlockingQueue<MultiLayerNetwork> idle;
  private int built;

  public NetworkPool(ModelSpec spec, int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    this.spec = spec;
    this.capacity = capacity;
    this.idle = new ArrayBlockingQueue<>(capacity);
  }

  public ModelSpec spec() {
    return spec;
  }

  /** An idle network, a new one while fewer than {@code capacity} exist, else the next one handed back. */
  public Lease borrow() {
    MultiLayerNetwork network = idle.poll();
    if (network == null) network = buildIfRoom();
    if (network == null) {
      try {
        network = idle.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a " + spec.type() + " network", e);
      }
    }
    return new Lease(network);
  }

  /** Networks built so far (at most the capacity). */
  public synchronized int built() {
    return built;
  }

  private synchronized MultiLayerNetwork buildIfRoom() {
    if (built == capacity) return null;
    built++;
    return Networks.whole(spec, 0);
  }

  /** One borrowed network; closing hands it back. */
  public final class Lease implements AutoCloseable {
    private MultiLayerNetwork network;

    private Lease(MultiLayerNetwork network) {
      this.network = network;
    }

    public MultiLayerNetwork network() {
      if (network == null) throw new IllegalStateException("the network was handed back");
      return network;
    }

    @Override
    public void close() {
      if (network == null) return;
      idle.add(network);
      network = null;
    }
  }
}
