package io.edgeweave.runtime;

/**
 * Where a run made of phases stands (genai: local training, assembly, ...), for progress displays.
 *
 * @param phase what the run does now, in words
 * @param phaseNumber the phase's number, 1 to {@code phases}
 * @param node the node (or model) that reported, empty if none
 * @param done epochs, rounds or strategies of the phase done at that node, of {@code total}
 */
public record PhaseProgress(String phase, int phaseNumber, int phases, String node, int done, int total)
    implements CborSerializable {}
