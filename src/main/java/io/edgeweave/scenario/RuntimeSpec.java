package io.edgeweave.scenario;

import java.time.Duration;

/**
 * How the runtime behaves.
 *
 * @param retryTimeout virtual time after which a sender whose message was lost on a link sends it again
 *     (the link-layer acknowledgement timeout)
 * @param maxRetries give up on a step (the run fails) after this many resends of one message
 * @param timeScale 0 = links deliver as fast as possible; s > 0 = a virtual delay d is also waited s·d on the wall clock
 * @param responseTimeout wall-clock safety net: the data owner resends a step that got no answer at all
 *     in this long (a node that stopped answering, not a lost message)
 * @param checkpointEvery save every partition's state after every this many steps (0: never); a run whose node
 *     is lost resumes from the last checkpoint
 * @param onDivergence what a NaN or infinite training loss does: stop the run (status diverged) or go on
 * @param reportEvery split training: how often (wall clock) the first node reports the steps it ran to the director,
 *     which writes them and shows them; zero: after every step. A stop request lands after the steps reported.
 */
public record RuntimeSpec(
    Duration retryTimeout,
    int maxRetries,
    double timeScale,
    Duration responseTimeout,
    int checkpointEvery,
    OnDivergence onDivergence,
    Duration reportEvery) {

  /** The scenario key {@code runtime.on-divergence}. */
  public enum OnDivergence {
    STOP,
    CONTINUE
  }

  /** True when a training loss of this value ends the run. */
  public boolean stopsOn(double loss) {
    return onDivergence == OnDivergence.STOP && !Double.isFinite(loss);
  }
}
