package io.edgeweave.runtime;

import io.edgeweave.metrics.RoundRecord;
import io.edgeweave.metrics.StepRecord;

/** What a run reports while it runs, called from actor threads. Workloads call the methods that fit them. */
public interface RunProgress {
  /** A committed training step (split training). */
  void onStep(StepRecord step, int totalSteps);

  /** A collaborative run's device fleet, before it is created and once every device answers. */
  default void onFleet(FleetStatus status) {}

  /** A collaborative round in progress (at most a few times a second). */
  default void onRoundProgress(RoundProgress progress) {}

  /** A finished collaborative round. */
  default void onRound(RoundRecord round, int totalRounds) {}

  /** A step of a run made of phases (genai): a node finished an epoch or a round, or a phase began. */
  default void onPhase(PhaseProgress progress) {}
}
