package io.edgeweave.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.remote.artery.RemoteInstrument;

/**
 * Counts the messages and bytes (whole Artery frames) this JVM sends to and receives from other JVMs: a remote
 * instrument, installed by {@code pekko.remote.artery.advanced.instruments}. It writes no metadata.
 */
public final class WireCounter extends RemoteInstrument {
  private static final AtomicLong MESSAGES = new AtomicLong();
  private static final AtomicLong BYTES = new AtomicLong();

  /** Messages and bytes so far, both directions. */
  public record Count(long messages, long bytes) {
    public Count minus(Count earlier) {
      return new Count(messages - earlier.messages, bytes - earlier.bytes);
    }
  }

  public static Count now() {
    return new Count(MESSAGES.get(), BYTES.get());
  }

  @Override
  public byte identifier() {
    return 17;
  }

  @Override
  public void remoteWriteMetadata(ActorRef recipient, Object message, ActorRef sender, ByteBuffer buffer) {}

  @Override
  public void remoteMessageSent(ActorRef recipient, Object message, ActorRef sender, int size, long time) {
    count(size);
  }

  @Override
  public void remoteReadMetadata(ActorRef recipient, Object message, ActorRef sender, ByteBuffer buffer) {}

  @Override
  public void remoteMessageReceived(ActorRef recipient, Object message, ActorRef sender, int size, long time) {
    count(size);
  }

  private static void count(int size) {
    MESSAGES.incrementAndGet();
    BYTES.addAndGet(size);
  }
}
