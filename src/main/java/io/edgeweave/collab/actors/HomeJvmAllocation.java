package io.edgeweave.collab.actors;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import org.apache.pekko.dispatch.Futures;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Future;

/**
 * Where the sharding puts a {@link DeviceGroup} (one shard per group): on the JVM its entity id names as home (the
 * director chose it by {@link io.edgeweave.collab.DevicePlacement}) while that JVM's region is registered, otherwise
 * on the region holding fewest shards of the group's run (ties: the lowest address), as a single-JVM run re-places a
 * lost JVM's groups. It keeps no state, so a coordinator started again on another JVM decides alike. Never rebalances.
 */
final class HomeJvmAllocation extends ShardCoordinator.AbstractShardAllocationStrategy {
  private static final Comparator<Address> BY_ADDRESS = Comparator
      .comparing((Address a) -> a.getHost().orElse(""))
      .thenComparingInt(a -> a.getPort().orElse(0));

  /** This JVM's address: a region here has a local reference, without one. */
  private final Address self;

  HomeJvmAllocation(Address self) {
    this.self = self;
  }

  @Override
  public Future<ActorRef> allocateShard(
      ActorRef requester, String shardId, Map<ActorRef, IndexedSeq<String>> current) {
    String home = DeviceGroup.homeOf(shardId);
    String run = DeviceGroup.runOf(shardId) + "#";
    ActorRef chosen = null;
    for (ActorRef region : current.keySet()) {
      if (address(region).toString().equals(home)) return Futures.successful(region);
      if (chosen == null || compare(region, chosen, current, run) < 0) chosen = region;
    }
    return Futures.successful(chosen == null ? requester : chosen);
  }

  @Override
  public Future<Set<String>> rebalance(Map<ActorRef, IndexedSeq<String>> current, Set<String> inProgress) {
    return Futures.successful(Set.of());
  }

  private int compare(ActorRef a, ActorRef b, Map<ActorRef, IndexedSeq<String>> current, String run) {
    int byLoad = Long.compare(shardsOf(current.get(a), run), shardsOf(current.get(b), run));
    return byLoad != 0 ? byLoad : BY_ADDRESS.compare(address(a), address(b));
  }

  private static long shardsOf(IndexedSeq<String> shards, String run) {
    long n = 0;
    for (int i = 0; i < shards.size(); i++) if (shards.apply(i).startsWith(run)) n++;
    return n;
  }

  private Address address(ActorRef region) {
    Address a = region.path().address();
    return a.hasGlobalScope() ? a : self;
  }
}
