package io.edgeweave.collab.actors;

import io.edgeweave.runtime.CborSerializable;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Devices a JVM hosts for a run, and their actors: one per device under a {@link DeviceHost}, or one
 * {@link DeviceGroup} entity for them all.
 *
 * @param host the actor whose end ends these devices: the JVM's host, or the group
 * @param jvm the hosting JVM's name
 * @param devices device indices, ascending; {@code refs} in the same order, or empty for a group
 * @param entityId the group's entity id, through which its devices are reached; null for devices of a host
 */
public record HostedDevices(
    ActorRef<?> host, String jvm, int[] devices, List<ActorRef<CollaborativeDevice.Command>> refs, String entityId)
    implements CborSerializable {
  public HostedDevices {
    if ((entityId == null ? devices.length : 0) != refs.size()) {
      throw new IllegalArgumentException(devices.length + " devices, " + refs.size() + " actors");
    }
  }
}
