package io.edgeweave.serving.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.edgeweave.runtime.LinkStats;
import io.edgeweave.serving.Answer;
import io.edgeweave.serving.Query;
import io.edgeweave.tensor.EncodedTensor;
import io.edgeweave.tensor.Encoding;
import io.edgeweave.training.Span;
import java.io.NotSerializableException;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** What a JMSNAS deployment sends for every request, through the serializer every EdgeWeave JVM binds it to. */
class ServingSerializerTest {
  private static final ActorTestKit KIT =
      ActorTestKit.create("serving-serializer", ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
  private static final Serialization SERIALIZATION = SerializationExtension.get(Adapter.toClassic(KIT.system()));
  private static final EncodedTensor INPUT = EncodedTensor.of(Encoding.UINT8, new int[] {1, 4}, new float[] {0, 0.5f, 1, 0.25f});
  private static final List<Span> TRACE = List.of(new Span("edge-1", Span.Phase.FORWARD, 4, 5.5, 0));
  private static final Query QUERY = new Query(2, 17, 1, INPUT, 12.5, TRACE);
  private static final Answer ANSWER =
      new Answer(2, 17, 0, EncodedTensor.of(Encoding.FLOAT32, new int[] {1, 2}, new float[] {0.9f, 0.1f}), 30.25, TRACE);

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static List<Object> aRequestsMessages() {
    TestProbe<ServingLink.State> orchestrator = KIT.createTestProbe();
    LinkStats stats = new LinkStats("edge-1~cloud", 1_234_567_890_123L, 17, 2, 1, 0);
    return List.of(
        new ServingLink.Probe(17, 12.5, 3, true, orchestrator.ref()),
        new ServingLink.State("edge-1~cloud", 3, 2.5e7, false, stats),
        new ServingLink.State("edge-2~cloud", 4, 0, true, stats),
        new ServingNode.Heartbeat(17, 12.5, 3),
        new ServingNode.Alive("edge-2", 3),
        new ServingNode.Serve(2, 17, INPUT, 11, 12.5),
        new ServingLink.Carry("edge-1", QUERY),
        new ServingNode.Deliver(ANSWER),
        new ServingNode.Lost(QUERY),
        new ServingNode.Completed("device-1", ANSWER));
  }

  @Test
  void everyMessageOfARequestIsBoundToItAndComesBackEqual() throws Exception {
    for (Object message : aRequestsMessages()) {
      assertEquals(message, throughArteryBuffer(message), message.getClass().getSimpleName());
    }
  }

  @Test
  void anArrayAndArterysBufferHoldTheSameBytes() throws Exception {
    for (Object message : aRequestsMessages()) {
      ServingSerializer serializer = assertInstanceOf(ServingSerializer.class, SERIALIZATION.findSerializerFor(message));
      byte[] asArray = serializer.toBinary(message);
      for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
        ByteBuffer buffer = ByteBuffer.allocate(4096).order(order); // Artery's envelope buffers are little-endian
        serializer.toBinary(message, buffer);
        byte[] viaBuffer = new byte[buffer.flip().remaining()];
        buffer.get(viaBuffer);
        assertArrayEquals(asArray, viaBuffer, message.getClass().getSimpleName() + " in a " + order + " buffer");
        assertEquals(message, serializer.fromBinary(ByteBuffer.wrap(asArray).order(order), serializer.manifest(message)));
      }
    }
  }

  @Test
  void aMessageOfManyMegabytesGrowsTheArrayItIsWrittenInto() throws Exception {
    ServingNode.Serve big = new ServingNode.Serve(1, 1, EncodedTensor.of(Encoding.FLOAT32, new int[] {512, 1024}, new float[512 * 1024]), 0, 0);
    ServingSerializer serializer = (ServingSerializer) SERIALIZATION.findSerializerFor(big);
    assertEquals(big, serializer.fromBinary(serializer.toBinary(big), "V"));
  }

  @Test
  void aPeerThatSendsSomethingElseIsRefusedInOneLine() {
    ServingSerializer serializer = (ServingSerializer) SERIALIZATION.serializerByIdentity().apply(ServingSerializer.ID);
    byte[] alive = serializer.toBinary(new ServingNode.Alive("edge-1", 3));

    NotSerializableException unknown = assertThrows(NotSerializableException.class, () -> serializer.fromBinary(alive, "X"));
    assertEquals("malformed serving message (manifest 'X'): ServingSerializer has no message of this manifest", unknown.getMessage());
    byte[] badFlag = serializer.toBinary(new ServingLink.Probe(1, 2, 3, false, KIT.<ServingLink.State>createTestProbe().ref()));
    badFlag[4 + 8 + 4] = 3;
    NotSerializableException garbled = assertThrows(NotSerializableException.class, () -> serializer.fromBinary(badFlag, "P"));
    assertEquals("malformed serving message (manifest 'P'): ahead flag 3, not 0 or 1", garbled.getMessage());
    byte[] answerless = serializer.toBinary(new ServingLink.Carry("edge-1", QUERY));
    assertThrows(NotSerializableException.class, () -> serializer.fromBinary(answerless, "K"), "a completion must carry an answer");
    NotSerializableException cut = assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[] {1, 0}, "H"));
    assertEquals("malformed serving message (manifest 'H'): cut short", cut.getMessage());
    assertThrows(IllegalArgumentException.class, () -> serializer.manifest(ServingNode.Snapshot.INSTANCE));
  }

  @Test
  void everyFieldOfTheMessagesIsOneTheSerializerWrites() {
    assertEquals(List.of("request", "timeMs", "round", "ahead", "replyTo"), components(ServingLink.Probe.class));
    assertEquals(List.of("linkId", "round", "bitsPerSecond", "partitioned", "stats"), components(ServingLink.State.class));
    assertEquals(List.of("linkId", "bytesSent", "messagesSent", "messagesDropped", "messagesDuplicated", "channelUses"),
        components(LinkStats.class));
    assertEquals(List.of("request", "timeMs", "round"), components(ServingNode.Heartbeat.class));
    assertEquals(List.of("node", "round"), components(ServingNode.Alive.class));
    assertEquals(List.of("epoch", "request", "input", "arrivalMs", "notBeforeMs"), components(ServingNode.Serve.class));
    assertEquals(List.of("senderNode", "message"), components(ServingLink.Carry.class));
    assertEquals(List.of("message"), components(ServingNode.Deliver.class));
    assertEquals(List.of("message"), components(ServingNode.Lost.class));
    assertEquals(List.of("node", "answer"), components(ServingNode.Completed.class));
  }

  private static List<String> components(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
  }

  /** Serialised into a buffer as Artery does, with the serializer and manifest found as it finds them. */
  private static Object throughArteryBuffer(Object message) throws NotSerializableException {
    Serializer serializer = SERIALIZATION.findSerializerFor(message);
    assertEquals(ServingSerializer.ID, serializer.identifier(), message.getClass().getName());
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    buffer.position(100);
    ((ServingSerializer) serializer).toBinary(message, buffer);
    buffer.flip().position(100);
    return SERIALIZATION.deserializeByteBuffer(buffer, serializer.identifier(), Serializers.manifestFor(serializer, message));
  }
}
