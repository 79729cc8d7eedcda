package io.edgeweave.genai.actors;

import io.edgeweave.genai.TrainedUnits;

/** Told to the director for the run's checkpoints: a unit of training finished, with its result. */
public record UnitTrained(TrainedUnits.Unit unit) implements GenEdge.Report, GenCloud.Report {}
