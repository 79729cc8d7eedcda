package io.edgeweave.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgeweave.scenario.ConvSpec;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.TensorShape;
import io.edgeweave.tensor.EncodedTensor;
import io.edgeweave.tensor.Encoding;
import io.edgeweave.tensor.Tensor;
import io.edgeweave.training.Span;
import java.lang.reflect.RecordComponent;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServingMessageCodecTest {
  private static final List<Span> TRACE =
      List.of(new Span("edge-1", Span.Phase.FORWARD, 0.5, 2.25, 0), new Span("édge-1→cloud", Span.Phase.TRANSFER, 2.25, 4, 3_136));
  private static final EncodedTensor VALUES = EncodedTensor.of(Encoding.INT8, new int[] {1, 6}, new float[] {0.5f, -1, 2, 0, 0.25f, 3});
  private static final ModelSpec CNN =
      new ModelSpec("cnn", 784, List.of(64), 10, "relu", "adam", 0.001, List.of(new ConvSpec(8, 3, 2), new ConvSpec(16, 5, 1)),
          new TensorShape.Grid(1, 28, 28), "fast");
  private static final ModelSpec MLP = new ModelSpec("mlp", 20, List.of(16, 12), 4, "tanh", "sgd", 0.1);

  private static ServingMessage roundTrip(ServingMessage message) {
    ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.BIG_ENDIAN);
    buffer.position(16); // as in a network buffer: a header before the message
    ServingMessageCodec.write(message, buffer);
    assertEquals(ByteOrder.BIG_ENDIAN, buffer.order(), "the buffer's byte order is left as it was");
    buffer.flip().position(16);
    ServingMessage read = ServingMessageCodec.read(buffer);
    assertEquals(0, buffer.remaining(), "read() takes what write() wrote");
    return read;
  }

  @Test
  void queriesAndAnswersComeBackEqual() {
    Query query = new Query(3, 941, 2, VALUES, 17.125, TRACE);
    Answer answer = new Answer(4, 12, 0, EncodedTensor.of(Encoding.FLOAT32, new int[] {1, 2}, new float[] {0.75f, 0.25f}), 99.5, List.of());

    assertEquals(query, roundTrip(query));
    assertEquals(answer, roundTrip(answer));
    assertInstanceOf(Answer.class, roundTrip(answer), "an answer stays an answer");
  }

  @Test
  void migratedWeightsComeBackWithTheirModelAndRoute() {
    Tensor parameters = Tensor.of(new int[] {2, 2}, new float[] {1, -2, 3.5f, 1e-20f});
    for (ModelSpec model : List.of(CNN, MLP)) {
      Weights weights = new Weights(2, 300, 1, model, 1, 3, parameters, List.of("edge-1", "edge-2", "cloud"), 412.5);
      Weights read = assertInstanceOf(Weights.class, roundTrip(weights));
      assertEquals(weights, read, model.type());
      assertEquals(model, read.model());
    }
  }

  @Test
  void everyFieldOfTheMessagesIsOneTheCodecWrites() {
    assertEquals(List.of("epoch", "request", "attempt", "values", "timeMs", "trace"), components(Query.class));
    assertEquals(List.of("epoch", "request", "attempt", "values", "timeMs", "trace"), components(Answer.class));
    assertEquals(List.of("epoch", "request", "attempt", "model", "fromBlock", "toBlock", "parameters", "route", "timeMs"),
        components(Weights.class));
    assertEquals(List.of("type", "inputs", "hidden", "classes", "activation", "updater", "learningRate", "convolutions", "image",
        "engine"), components(ModelSpec.class));
    assertEquals(List.of("filters", "kernel", "pool"), components(ConvSpec.class));
    assertEquals(List.of("channels", "height", "width"), components(TensorShape.Grid.class));
  }

  static List<String> components(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
  }

  @Test
  void aMessageThatDoesNotFitOverflowsTheBuffer() {
    Query big = new Query(1, 1, 0, EncodedTensor.of(Encoding.FLOAT32, new int[] {1, 784}, new float[784]), 0, TRACE);
    assertThrows(BufferOverflowException.class, () -> ServingMessageCodec.write(big, ByteBuffer.allocate(1000)));
  }

  @Test
  void malformedBytesAreRefusedNotAllocated() {
    ByteBuffer whole = ByteBuffer.allocate(4096);
    ServingMessageCodec.write(new Query(1, 2, 0, VALUES, 3, TRACE), whole);
    byte[] bytes = Arrays.copyOf(whole.array(), whole.position());

    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);
    assertThrows(IllegalArgumentException.class, () -> ServingMessageCodec.read(ByteBuffer.wrap(truncated)), "a tensor longer than what is left");

    byte[] unknownKind = bytes.clone();
    unknownKind[0] = 9;
    IllegalArgumentException kind = assertThrows(IllegalArgumentException.class, () -> ServingMessageCodec.read(ByteBuffer.wrap(unknownKind)));
    assertEquals("serving message of unknown kind 9", kind.getMessage());
    IllegalArgumentException alone = assertThrows(IllegalArgumentException.class, () -> ServingMessageCodec.read(ByteBuffer.wrap(new byte[] {9})));
    assertEquals("serving message of unknown kind 9", alone.getMessage(), "the kind is checked before the fields after it are read");

    byte[] hugeTrace = bytes.clone();
    ByteBuffer.wrap(hugeTrace).order(ByteOrder.LITTLE_ENDIAN).putInt(1 + 4 + 4 + 4 + 8, Integer.MAX_VALUE);
    assertThrows(IllegalArgumentException.class, () -> ServingMessageCodec.read(ByteBuffer.wrap(hugeTrace)));

    assertThrows(BufferUnderflowException.class, () -> ServingMessageCodec.read(ByteBuffer.wrap(new byte[] {1, 0, 0})));
  }
}
