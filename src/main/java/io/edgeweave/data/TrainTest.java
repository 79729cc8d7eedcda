package io.edgeweave.data;

/** A training set and the test set that goes with it. */
public record TrainTest(Dataset train, Dataset test) {}
