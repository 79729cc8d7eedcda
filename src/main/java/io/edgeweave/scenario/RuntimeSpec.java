package io.edgeweave.scenario;

import java.time.Duration;

/**
 * How the runtime behaves.
 *
 * @param retryTimeout a sender resends an unanswered message after this long, in wall and in virtual time
 * @param maxRetries give up on a step (the run fails) after this many resends
 * @param timeScale 0 = links deliver as fast as possible; s > 0 = a virtual delay d is also waited s·d on the wall clock
 */
public record RuntimeSpec(Duration retryTimeout, int maxRetries, double timeScale) {}
