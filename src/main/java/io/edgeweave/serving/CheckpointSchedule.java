package io.edgeweave.serving;

/**
 * What a serving run does between two requests, and the checkpoints it writes: every {@code checkpoint-every}
 * requests, and before it stops, the orchestrator takes one when it is quiet and no write is in flight (a write still
 * running when the next checkpoint is due skips that one); a run asked to stop waits for its writes, takes a checkpoint
 * if the newest one on disk is older than the next request, then ends.
 */
public final class CheckpointSchedule {
  /** What comes before request {@code request}. */
  public enum Next {
    /** Every request is answered: the run ends. */
    FINISH,
    /** Asked to stop: wait for the checkpoint being written. */
    AWAIT_WRITES,
    /** Take a checkpoint first. */
    CHECKPOINT,
    /** Asked to stop, and the newest checkpoint serves this request next (or nothing was served): end. */
    STOP,
    /** Serve the request. */
    SERVE
  }

  private final int requests;
  private final int every;
  private int writes;
  private int newest;

  /**
   * @param every requests between two checkpoints (0: none unless stopped)
   * @param newest the request the newest serving checkpoint on disk serves next (0: none)
   */
  public CheckpointSchedule(int requests, int every, int newest) {
    this.requests = requests;
    this.every = every;
    this.newest = newest;
  }

  /**
   * @param interrupted the run was asked to stop
   * @param quiet nothing is half-known (no deployment being installed, no crash seen in part)
   */
  public Next next(int request, boolean interrupted, boolean quiet) {
    if (request == requests) return Next.FINISH;
    if (interrupted && writes > 0) return Next.AWAIT_WRITES;
    boolean due = interrupted || every > 0 && request % every == 0;
    if (due && request > 0 && request > newest && writes == 0 && quiet) return Next.CHECKPOINT;
    if (interrupted && (request == 0 || request == newest)) return Next.STOP;
    return Next.SERVE;
  }

  /** A checkpoint write started. */
  public void writing() {
    writes++;
  }

  /** The write of the checkpoint before {@code request} ended, on disk or not. */
  public void written(int request, boolean onDisk) {
    writes--;
    if (onDisk) newest = Math.max(newest, request);
  }

  /** Checkpoint writes in flight. */
  public int writes() {
    return writes;
  }

  /** The request the newest serving checkpoint on disk serves next (0: none). */
  public int newest() {
    return newest;
  }
}
