package io.edgeweave.training;

import io.edgeweave.data.Dataset;

/** What a data-owning node holds: its training batches and a test set to measure accuracy on. */
public record LocalData(BatchSource batches, Dataset test) {}
