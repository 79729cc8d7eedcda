package io.edgeweave.collab.actors;

import io.edgeweave.runtime.CborSerializable;
import io.edgeweave.scenario.CollaborativeTrainingSpec;
import io.edgeweave.scenario.DataSpec;
import io.edgeweave.scenario.ModelSpec;

/**
 * What a JVM needs to rebuild the devices of a run from the seed: their workload, model and data. The data is
 * loaded on that JVM and must be the director's.
 *
 * @param runId unique per run, so that a JVM can host devices of consecutive runs
 * @param fingerprint {@link io.edgeweave.data.Dataset#fingerprint()} of the director's training set
 * @param devicesPerEntity devices per {@link DeviceGroup} on a cluster
 */
public record FleetSpec(
    String runId, CollaborativeTrainingSpec workload, ModelSpec model, DataSpec data, long seed, long fingerprint,
    int devicesPerEntity)
    implements CborSerializable {}
