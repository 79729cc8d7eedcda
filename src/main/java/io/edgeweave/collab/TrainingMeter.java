package io.edgeweave.collab;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Wall and CPU time spent in local training in this JVM, summed over the threads that train: with the
 * process's own CPU time it tells how much of a round is training and how much is everything else. CPU time
 * does not depend on what else the machine runs. Thread-safe.
 */
public final class TrainingMeter {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final LongAdder wallNanos = new LongAdder();
  private final LongAdder cpuNanos = new LongAdder();

  /** Wall and CPU milliseconds since the last reading. */
  public record Reading(double wallMs, double cpuMs) {}

  /** Runs {@code training} on this thread and counts its time. */
  public <T> T measure(Supplier<T> training) {
    long wall = System.nanoTime();
    long cpu = THREADS.getCurrentThreadCpuTime();
    try {
      return training.get();
    } finally {
      cpuNanos.add(THREADS.getCurrentThreadCpuTime() - cpu);
      wallNanos.add(System.nanoTime() - wall);
    }
  }

  /** The time counted since the last reading, and starts counting afresh. */
  public Reading read() {
    return new Reading(wallNanos.sumThenReset() / 1e6, cpuNanos.sumThenReset() / 1e6);
  }
}
