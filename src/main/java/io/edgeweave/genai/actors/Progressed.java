package io.edgeweave.genai.actors;

/** Told to the director for progress displays: {@code node} finished {@code done} of {@code total} epochs or rounds. */
public record Progressed(GenAiDirector.Phase phase, String node, int done, int total)
    implements GenEdge.Report, GenCloud.Report {}
