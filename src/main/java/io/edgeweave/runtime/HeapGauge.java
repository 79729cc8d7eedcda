package io.edgeweave.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** The heap this JVM holds on to, for measurements of what many idle actors cost. */
public final class HeapGauge {
  private HeapGauge() {}

  /**
   * Heap in use after full collections, repeated until three in a row agree within 64 KiB: objects that wait
   * for reference processing (ND4J's and JavaCPP's deallocator threads) go only after later collections.
   */
  public static long afterCollection() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long[] last = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
    for (int i = 0; i < 30; i++) {
      System.gc();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      last[i % 3] = memory.getHeapMemoryUsage().getUsed();
      long max = Math.max(last[0], Math.max(last[1], last[2]));
      long min = Math.min(last[0], Math.min(last[1], last[2]));
      if (max - min < 1 << 16) break;
    }
    return Math.min(last[0], Math.min(last[1], last[2]));
  }
}
