package io.edgeweave.runtime;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * How a run's user stops it cleanly: the command line calls {@link #interrupt} from a signal handler, and the
 * director, which asked to hear of it with {@link #onInterrupt}, gets its message, finishes or abandons the step in
 * flight, saves a checkpoint and ends with status {@code interrupted}. One per run, shared by threads.
 */
public final class RunControl {
  private final CompletableFuture<String> interrupted = new CompletableFuture<>();

  /** Asks the run to stop; {@code cause} names why (e.g. {@code SIGTERM}). Later calls change nothing. */
  public void interrupt(String cause) {
    interrupted.complete(cause);
  }

  /** The cause of the stop asked for, if one was. */
  public Optional<String> interruption() {
    return Optional.ofNullable(interrupted.getNow(null));
  }

  /** Sends {@code message} to {@code director} when the run is asked to stop (at once if it was already). */
  public <T> void onInterrupt(ActorRef<T> director, T message) {
    interrupted.thenRun(() -> director.tell(message));
  }
}
