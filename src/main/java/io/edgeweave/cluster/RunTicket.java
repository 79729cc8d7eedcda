package io.edgeweave.cluster;

import io.edgeweave.runtime.CborSerializable;
import java.util.Optional;

/**
 * A run that standby directors watch: its folder (on storage every director JVM reaches), the address of the JVM
 * directing it, and what its placement waits for. The JVM that runs it sends it to every standby; a standby that
 * takes the run over sends it on with its own address.
 *
 * @param folder the run folder, absolute
 * @param director the cluster address of the JVM directing the run
 * @param minJvms node JVMs its placement waits for at the start
 * @param waitForNodesMs how long a placement waits for the JVMs it needs
 */
public record RunTicket(String folder, String director, int minJvms, long waitForNodesMs) implements CborSerializable {
  /** The same run, directed from {@code address}. */
  RunTicket directedBy(String address) {
    return new RunTicket(folder, address, minJvms, waitForNodesMs);
  }

  /**
   * Whether standby {@code self} takes the run over now that member {@code left} is removed: the run's director
   * was downed (a JVM that leaves cleanly has ended its run, or stopped it to be resumed by hand), and {@code self}
   * is the oldest standby up.
   */
  boolean takenOverBy(String self, String left, boolean downed, Optional<String> oldestStandby) {
    return downed && director.equals(left) && oldestStandby.filter(self::equals).isPresent();
  }
}
