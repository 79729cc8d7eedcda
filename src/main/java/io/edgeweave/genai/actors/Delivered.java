package io.edgeweave.genai.actors;

/** A transfer handed over by a link at virtual time {@code atMs}. */
public record Delivered(String fromNode, Transfer transfer, double atMs) implements GenEdge.Command, GenCloud.Command {}
