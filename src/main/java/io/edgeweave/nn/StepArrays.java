package io.edgeweave.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Native arrays made for one training step outside DL4J's workspaces, released together once nobody needs them
 * rather than at some garbage collection: their memory is then reused warm instead of mapped and zeroed afresh.
 */
public final class StepArrays {
  private final List<INDArray> arrays = new ArrayList<>();
  private boolean done;

  /** Keeps {@code array} to be released with the step's; returns it. */
  public INDArray add(INDArray array) {
    arrays.add(array);
    return array;
  }

  void addAll(List<INDArray> more) {
    arrays.addAll(more);
  }

  /** The step is done here, but what it handed out may still be read until the next step begins. */
  void stepDone() {
    done = true;
  }

  /** Before a pass: releases the arrays of a step marked done. */
  void beginPass() {
    if (done) release();
  }

  /** Closes every kept array that can be closed (not a view, not in a workspace). */
  public void release() {
    for (INDArray a : arrays) {
      if (a.closeable()) a.close();
    }
    arrays.clear();
    done = false;
  }
}
