package io.edgeweave.plan;

/**
 * A candidate's accuracy on each held-out split after the same training: {@code validation} is what the
 * search selects on, {@code confirmation} checks the target on samples the selection never saw, and
 * {@code test} is only reported.
 */
public record Accuracy(double validation, double confirmation, double test) {}
