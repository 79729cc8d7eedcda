package io.edgeweave.collab.actors;

import io.edgeweave.collab.TrainingMeter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * One {@link TrainingMeter} per run and actor system, shared by the cloud and the devices that system hosts, so that
 * a round's training time counts the devices of the cloud's own JVM (all of them in a single-JVM run; on a cluster the
 * devices train in the node JVMs, and the cloud's JVM counts none).
 */
final class TrainingMeters implements Extension {
  private static final ExtensionId<TrainingMeters> ID = new ExtensionId<>() {
    @Override
    public TrainingMeters createExtension(ActorSystem<?> system) {
      return new TrainingMeters();
    }
  };

  private final Map<String, TrainingMeter> byRun = new ConcurrentHashMap<>();

  private TrainingMeters() {}

  static TrainingMeter of(ActorSystem<?> system, String runId) {
    return ID.apply(system).byRun.computeIfAbsent(runId, id -> new TrainingMeter());
  }

  static void release(ActorSystem<?> system, String runId) {
    ID.apply(system).byRun.remove(runId);
  }
}
