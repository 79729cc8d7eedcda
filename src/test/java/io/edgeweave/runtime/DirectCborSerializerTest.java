package io.edgeweave.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.edgeweave.tensor.Tensor;
import io.edgeweave.training.Inference;
import io.edgeweave.training.actors.PartitionHost;
import java.nio.ByteBuffer;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Pins what {@link DirectCborSerializer} takes from Pekko's internal {@code JacksonSerializer}, so that a Pekko
 * upgrade that changes it fails here rather than in a cluster run.
 */
class DirectCborSerializerTest {
  private static final ActorSystem<Void> SYSTEM = ActorSystem.create(Behaviors.empty(), "direct-cbor",
      ConfigFactory.parseString("""
          pekko.actor.provider = local
          pekko.serialization.jackson.gzipped-cbor.compression { algorithm = gzip, compress-larger-than = 32 KiB }
          pekko.actor.serialization-identifiers.gzipped-cbor = 7399
          """).withFallback(ConfigFactory.load()));
  private static final Serialization SERIALIZATION = SerializationExtension.get(Adapter.toClassic(SYSTEM));

  /** Not a message of the project: no binding allows it. */
  record Outsider(int value) {}

  /** A 256 KiB tensor, far above any compression threshold Pekko uses by default (32 KiB for JSON). */
  private static final PartitionHost.Infer LARGE = new PartitionHost.Infer(
      new Inference(3, 1, 7, 12.5, Tensor.of(new int[] {64, 1024}, ramp(64 * 1024)), new int[] {4, 2}));

  @AfterAll
  static void stop() {
    SYSTEM.terminate();
  }

  private static float[] ramp(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = i * 0.5f - 7;
    return v;
  }

  private static DirectCborSerializer direct() {
    return (DirectCborSerializer) SERIALIZATION.findSerializerFor(LARGE);
  }

  @Test
  void theManifestIsTheMessagesClassName() {
    assertEquals(PartitionHost.Infer.class.getName(), Serializers.manifestFor(direct(), LARGE));
    assertEquals(PartitionHost.RunSteps.class.getName(), direct().manifest(new PartitionHost.RunSteps(3, 9)));
  }

  @Test
  void theBindingCompressesNothingSoTheBufferGetsPekkosBytes() throws Exception {
    byte[] pekkos = SERIALIZATION.serialize(LARGE).get();
    assertArrayEquals(direct().objectMapper().writeValueAsBytes(LARGE), pekkos, "plain CBOR, not compressed");

    ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    direct().toBinary(LARGE, buffer);
    buffer.flip();
    byte[] written = new byte[buffer.remaining()];
    buffer.get(written);
    assertArrayEquals(pekkos, written);
  }

  @Test
  void aCompressingBindingIsRefusedAtStart() {
    ExtendedActorSystem classic = (ExtendedActorSystem) Adapter.toClassic(SYSTEM);
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> new DirectCborSerializer(classic, "gzipped-cbor"));
    assertTrue(refused.getMessage().contains("gzipped-cbor.compression.algorithm = off"), refused.getMessage());
  }

  @Test
  void aClassOutsideTheBindingsIsRefusedBeforeAnyByteIsWritten() {
    ByteBuffer buffer = ByteBuffer.allocate(1024);
    assertThrows(IllegalArgumentException.class, () -> direct().toBinary(new Outsider(1), buffer));
    assertEquals(0, buffer.position(), "nothing written");
    assertThrows(IllegalArgumentException.class, () -> direct().manifest(new Outsider(1)));
  }

  @Test
  void aTensorCarryingMessageRoundTripsThroughTheExtensionFromArrayAndFromBuffer() throws Exception {
    int id = direct().identifier();
    String manifest = Serializers.manifestFor(direct(), LARGE);
    byte[] bytes = SERIALIZATION.serialize(LARGE).get();
    assertEquals(LARGE.inference().values(),
        ((PartitionHost.Infer) SERIALIZATION.deserialize(bytes, id, manifest).get()).inference().values());
    Object fromBuffer = SERIALIZATION.deserializeByteBuffer(ByteBuffer.wrap(bytes), id, manifest);
    assertEquals(LARGE.inference().values(), ((PartitionHost.Infer) fromBuffer).inference().values());
    assertArrayEquals(LARGE.inference().labels(), ((PartitionHost.Infer) fromBuffer).inference().labels());
  }
}
