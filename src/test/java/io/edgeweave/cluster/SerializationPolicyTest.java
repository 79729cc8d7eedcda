package io.edgeweave.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.edgeweave.runtime.DirectCborSerializer;
import io.edgeweave.tensor.Tensor;
import io.edgeweave.training.Inference;
import io.edgeweave.training.actors.PartitionHost;
import java.io.Serializable;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What a JVM of the cluster accepts from the network, with the settings every EdgeWeave JVM runs with: the
 * project's message classes through Jackson (CBOR), nothing through Java serialisation, and no other class through
 * Jackson, however a peer names it. Split training's two tensor messages go through {@code StepSerializer} and a
 * deployment's per-request messages through {@code ServingSerializer}, which read nothing else
 * ({@code StepSerializerTest}, {@code ServingSerializerTest}).
 */
class SerializationPolicyTest {
  private static final ActorSystem<Void> SYSTEM =
      ActorSystem.create(
          Behaviors.empty(), "serialization",
          ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
  private static final Serialization SERIALIZATION = SerializationExtension.get(Adapter.toClassic(SYSTEM));

  /** Serializable, but not a message of the project. */
  record Plain(int value) implements Serializable {}

  @AfterAll
  static void stop() {
    SYSTEM.terminate();
  }

  @Test
  void aMessageOfTheProjectTravelsAsCbor() throws Exception {
    PartitionHost.RunSteps message = new PartitionHost.RunSteps(17, 20);
    SerializerWithStringManifest jackson = jackson();
    assertInstanceOf(DirectCborSerializer.class, jackson);

    byte[] bytes = jackson.toBinary(message);
    assertEquals(message, jackson.fromBinary(bytes, jackson.manifest(message)));
  }

  @Test
  void arterysBufferGetsTheSameBytesAsAnArray() {
    Tensor tensor = Tensor.of(new int[] {64, 1024}, new float[64 * 1024]);
    PartitionHost.Infer message = new PartitionHost.Infer(new Inference(3, 1, 7, 12.5, tensor, new int[] {4, 2}));
    DirectCborSerializer direct = (DirectCborSerializer) jackson();
    ByteBuffer buffer = ByteBuffer.allocate(1 << 20);

    direct.toBinary(message, buffer);
    buffer.flip();
    byte[] written = new byte[buffer.remaining()];
    buffer.duplicate().get(written);

    assertArrayEquals(direct.toBinary(message), written);
    assertEquals(message.inference().values(), ((PartitionHost.Infer) direct.fromBinary(buffer, direct.manifest(message))).inference().values());
    assertThrows(BufferOverflowException.class, () -> direct.toBinary(message, ByteBuffer.allocate(1000)), "too big for the frame");
  }

  @Test
  void javaSerialisationIsOff() {
    assertTrue(SERIALIZATION.serialize(new Plain(3)).isFailure(), "a Serializable object cannot be sent");
    assertTrue(SERIALIZATION.serialize(new java.util.Date(0)).isFailure());
  }

  @Test
  void jacksonReadsNoClassOutsideTheProjectsMessages() {
    SerializerWithStringManifest jackson = jackson();
    byte[] bytes = jackson.toBinary(new PartitionHost.RunSteps(17, 20));
    // a JDK class, a class of the project that is not a message, and a well-known deserialisation gadget
    for (String manifest :
        List.of(
            "java.util.HashMap", "io.edgeweave.scenario.Scenario", Plain.class.getName(),
            "org.apache.commons.collections.functors.InvokerTransformer")) {
      Exception refused = assertThrows(Exception.class, () -> jackson.fromBinary(bytes, manifest), manifest);
      assertInstanceOf(IllegalArgumentException.class, refused, manifest + ": " + refused);
      Exception fromBuffer = assertThrows(Exception.class, () -> ((DirectCborSerializer) jackson).fromBinary(ByteBuffer.wrap(bytes), manifest));
      assertInstanceOf(IllegalArgumentException.class, fromBuffer, manifest + ": " + fromBuffer);
    }
  }

  private static SerializerWithStringManifest jackson() {
    return (SerializerWithStringManifest) SERIALIZATION.findSerializerFor(new PartitionHost.RunSteps(0, 0));
  }
}
