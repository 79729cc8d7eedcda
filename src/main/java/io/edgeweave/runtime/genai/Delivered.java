package io.edgeweave.runtime.genai;

/** A transfer handed over by a link at virtual time {@code atMs}. */
public record Delivered(String fromNode, Transfer transfer, double atMs) implements GenEdge.Command, GenCloud.Command {}
