package io.edgeweave.nn;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * A step's gradient summed over its micro-batches in micro-batch order, whatever order their backward passes come
 * in, so that no bit depends on it: a micro-batch whose predecessors are all in is added at once; one that comes
 * early waits in a buffer of its own. Buffers are reused from step to step.
 */
final class MicroBatchSum {
  /** How a gradient of the engine is written into a buffer: the buffer times 0 or 1, plus the gradient times a scale. */
  interface Source {
    void addTo(float[] target, boolean overwrite);
  }

  private final int length;
  private float[] sum;
  /** Micro-batches 0 .. next - 1 are in {@link #sum}. */
  private int next;
  private final TreeMap<Integer, float[]> early = new TreeMap<>();
  private final ArrayDeque<float[]> spare = new ArrayDeque<>();

  MicroBatchSum(int length) {
    this.length = length;
  }

  /** Adds micro-batch {@code micro}'s gradient, written by {@code gradient}. */
  void add(int micro, Source gradient) {
    if (micro != next) {
      float[] waiting = spare.isEmpty() ? new float[length] : spare.pop();
      gradient.addTo(waiting, true);
      if (early.put(micro, waiting) != null) throw new IllegalStateException("two gradients of micro-batch " + micro);
      return;
    }
    if (sum == null) sum = new float[length];
    gradient.addTo(sum, next == 0);
    next++;
    for (Map.Entry<Integer, float[]> e = early.firstEntry(); e != null && e.getKey() == next; e = early.firstEntry()) {
      fold(early.pollFirstEntry().getValue());
    }
  }

  /** The sum of every micro-batch added since the last {@link #clear} (in micro-batch order); valid until the next. */
  float[] total() {
    while (!early.isEmpty()) fold(early.pollFirstEntry().getValue());
    if (next == 0) throw new IllegalStateException("no gradient to sum");
    return sum;
  }

  /** Starts a new step. */
  void clear() {
    spare.addAll(early.values());
    early.clear();
    next = 0;
  }

  private void fold(float[] waiting) {
    if (next == 0) {
      System.arraycopy(waiting, 0, sum == null ? (sum = new float[length]) : sum, 0, length);
    } else {
      for (int i = 0; i < length; i++) sum[i] += waiting[i];
    }
    next++;
    spare.push(waiting);
  }
}
