package io.edgeweave.genai.actors;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Thrown out of a training whose run was released while it ran: the actor stops at the next epoch instead of
 * finishing a unit nobody will use. Its host spawns it to stop on this, quietly.
 */
final class Released extends RuntimeException {
  Released() {
    super("the run was released", null, false, false);
  }

  /** {@code behavior}, stopping without a word when its training is abandoned. */
  static <T> Behavior<T> stopsWhenReleased(Behavior<T> behavior) {
    return Behaviors.supervise(behavior).onFailure(Released.class, SupervisorStrategy.stop().withLoggingEnabled(false));
  }
}
