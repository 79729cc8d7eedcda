package io.edgeweave.collab.actors;

import io.edgeweave.runtime.CborSerializable;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Devices a JVM hosts for a run, and their actors.
 *
 * @param jvm the hosting JVM's name
 * @param devices device indices, ascending; {@code refs} in the same order
 */
public record HostedDevices(
    ActorRef<DeviceHost.Command> host, String jvm, int[] devices, List<ActorRef<CollaborativeDevice.Command>> refs)
    implements CborSerializable {
  public HostedDevices {
    if (devices.length != refs.size()) throw new IllegalArgumentException(devices.length + " devices, " + refs.size() + " actors");
  }
}
