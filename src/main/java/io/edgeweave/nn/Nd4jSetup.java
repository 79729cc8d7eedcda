package io.edgeweave.nn;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/** Process-wide ND4J settings: one OpenMP/BLAS thread (3–4× faster for small networks on few cores). */
public final class Nd4jSetup {
  private static volatile boolean done;

  private Nd4jSetup() {}

  public static synchronized void singleThreaded() {
    if (done) return;
    Nd4j.getBackend(); // loads the native backend before its ops are touched
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
    Nd4j.factory().blas().setMaxThreads(1);
    done = true;
  }
}
