package io.edgeweave.genai.actors;

import io.edgeweave.genai.TrainedUnits;
import java.util.OptionalDouble;

/**
 * Told to the director for the run's checkpoints: a unit of training finished, with its result.
 *
 * @param node the node that trained it
 * @param loss the mean loss of its last epoch (empty if it took no step), which the director checks for divergence
 */
public record UnitTrained(TrainedUnits.Unit unit, String node, OptionalDouble loss)
    implements GenEdge.Report, GenCloud.Report {}
