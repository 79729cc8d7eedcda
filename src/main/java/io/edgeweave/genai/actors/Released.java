package io.edgeweave.genai.actors;

/**
 * Thrown out of a training whose run was released while it ran: the actor stops at the next epoch instead of
 * finishing a unit nobody will use. Its host spawns it to stop on this, quietly.
 */
final class Released extends RuntimeException {
  Released() {
    super("the run was released", null, false, false);
  }
}
