package io.edgeweave.training.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.edgeweave.tensor.Tensor;
import io.edgeweave.training.Activations;
import io.edgeweave.training.Errors;
import io.edgeweave.training.Span;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Split training's tensor messages through the serializer every EdgeWeave JVM binds them to. */
class StepSerializerTest {
  private static final ActorSystem<Void> SYSTEM =
      ActorSystem.create(
          Behaviors.empty(), "step-serializer",
          ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
  private static final Serialization SERIALIZATION = SerializationExtension.get(Adapter.toClassic(SYSTEM));
  private static final Tensor VALUES = Tensor.of(new int[] {2, 3}, new float[] {1, -2, 3.5f, 0, 1e-20f, 7});
  private static final List<Span> TRACE = List.of(new Span("edge-1", Span.Phase.BACKWARD, 4, 5.5, 0));

  @AfterAll
  static void stop() {
    SYSTEM.terminate();
  }

  @Test
  void aLinksCarryAndADeliveryAreBoundToIt() throws Exception {
    WirelessLink.Carry carry = new WirelessLink.Carry("edge-1", new Errors(7, 0, 2, VALUES, 0.25, 30, TRACE));
    PartitionHost.Deliver deliver = new PartitionHost.Deliver(new Activations(7, 1, 0, VALUES, new int[] {3, 1}, 12, TRACE));

    WirelessLink.Carry carried = assertInstanceOf(WirelessLink.Carry.class, throughArteryBuffer(carry));
    assertEquals("edge-1", carried.senderNode());
    Errors errors = assertInstanceOf(Errors.class, carried.message());
    assertEquals(VALUES, errors.values());
    assertEquals(List.of(7, 0, 2), List.of(errors.step(), errors.micro(), errors.attempt()));
    assertEquals(TRACE, errors.trace());

    Activations delivered = assertInstanceOf(Activations.class, ((PartitionHost.Deliver) throughArteryBuffer(deliver)).message());
    assertArrayEquals(new int[] {3, 1}, delivered.labels());
    assertEquals(VALUES, delivered.values());
  }

  @Test
  void anArrayAndArterysBufferHoldTheSameBytes() throws Exception {
    WirelessLink.Carry carry = new WirelessLink.Carry("device-1", new Errors(1, 0, 0, VALUES, 1.5, 2, TRACE));
    StepSerializer serializer = assertInstanceOf(StepSerializer.class, SERIALIZATION.findSerializerFor(carry));
    for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
      ByteBuffer buffer = ByteBuffer.allocate(4096).order(order); // Artery's envelope buffers are little-endian
      serializer.toBinary(carry, buffer);
      byte[] viaBuffer = new byte[buffer.flip().remaining()];
      buffer.get(viaBuffer);

      byte[] asArray = serializer.toBinary(carry);
      assertArrayEquals(asArray, viaBuffer, "in a " + order + " buffer");
      WirelessLink.Carry back = (WirelessLink.Carry) serializer.fromBinary(ByteBuffer.wrap(asArray).order(order), serializer.manifest(carry));
      assertEquals("device-1", back.senderNode());
      assertEquals(1.5, ((Errors) back.message()).loss());
    }
  }

  @Test
  void aPeerThatSendsSomethingElseIsRefusedInOneLine() {
    StepSerializer serializer = new StepSerializer();
    byte[] bytes = serializer.toBinary(new PartitionHost.Deliver(new Errors(1, 0, 0, VALUES, 1.5, 2, TRACE)));

    NotSerializableException unknown = assertThrows(NotSerializableException.class, () -> serializer.fromBinary(bytes, "X"));
    assertEquals("malformed step message (manifest 'X'): StepSerializer has no message of this manifest", unknown.getMessage());
    NotSerializableException garbled =
        assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[] {4, 0, 0, 0, 1}, "D"));
    assertEquals("malformed step message (manifest 'D'): step message of unknown kind 4", garbled.getMessage());
    NotSerializableException cut = assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[] {1, 0}, "D"));
    assertEquals("malformed step message (manifest 'D'): cut short", cut.getMessage());
    assertThrows(IllegalArgumentException.class, () -> serializer.manifest(new PartitionHost.RunSteps(0, 1)));
  }

  /** Serialised into a buffer as Artery does, with the serializer and manifest found as it finds them. */
  private static Object throughArteryBuffer(Object message) throws NotSerializableException {
    Serializer serializer = SERIALIZATION.findSerializerFor(message);
    assertEquals(StepSerializer.ID, serializer.identifier());
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
    buffer.position(100);
    ((StepSerializer) serializer).toBinary(message, buffer);
    buffer.flip().position(100);
    return SERIALIZATION.deserializeByteBuffer(buffer, serializer.identifier(), Serializers.manifestFor(serializer, message));
  }
}
