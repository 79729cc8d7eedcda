package io.edgeweave.runtime;

/**
 * Where a collaborative run stands within a round, for progress displays of long runs.
 *
 * @param accounted selected devices of the round whose outcome is known
 * @param virtualTimeMs virtual time the round started
 * @param wallTimeMs wall time since the run started
 * @param heapUsedBytes heap in use now (without a collection)
 */
public record RoundProgress(
    int round, int rounds, int accounted, int selected, double virtualTimeMs, double wallTimeMs, long heapUsedBytes)
    implements CborSerializable {}
