package io.edgeweave.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgeweave.tensor.Tensor;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepMessageCodecTest {
  private static final List<Span> TRACE =
      List.of(new Span("device-1", Span.Phase.FORWARD, 0.5, 2.25, 0), new Span("dévice→edge", Span.Phase.TRANSFER, 2.25, 4.0, 131_136));

  private static Tensor tensor(int rows, int columns) {
    float[] values = new float[rows * columns];
    for (int i = 0; i < values.length; i++) values[i] = (i % 7 - 3) * 0.37f + (i == 5 ? Float.MIN_VALUE : 0);
    return Tensor.of(new int[] {rows, columns}, values);
  }

  private static StepMessage roundTrip(StepMessage message) {
    ByteBuffer buffer = ByteBuffer.allocate(StepMessageCodec.size(message) + 16).order(ByteOrder.BIG_ENDIAN);
    buffer.position(16); // as in a network buffer: a header before the message
    StepMessageCodec.write(message, buffer);
    assertEquals(16 + StepMessageCodec.size(message), buffer.position(), "size() is what write() takes");
    assertEquals(ByteOrder.BIG_ENDIAN, buffer.order(), "the buffer's byte order is left as it was");
    buffer.flip().position(16);
    StepMessage read = StepMessageCodec.read(buffer);
    assertEquals(0, buffer.remaining(), "read() takes what write() wrote");
    return read;
  }

  @Test
  void activationsComeBackFieldForField() {
    Activations sent = new Activations(3741, 2, 1, tensor(16, 256), new int[] {9, 0, 4, 4, 7}, 17.125, TRACE);
    Activations read = assertInstanceOf(Activations.class, roundTrip(sent));

    assertEquals(List.of(sent.step(), sent.micro(), sent.attempt()), List.of(read.step(), read.micro(), read.attempt()));
    assertEquals(sent.timeMs(), read.timeMs());
    assertArrayEquals(sent.labels(), read.labels());
    assertEquals(sent.trace(), read.trace());
    assertEquals(sent.values(), read.values());
    assertArrayEquals(new int[] {16, 256}, read.values().shape());
  }

  @Test
  void errorsComeBackWithTheirLossExactly() {
    Errors sent = new Errors(12, 0, 0, tensor(128, 10), 2.302585092994046, 99.5, List.of());
    Errors read = assertInstanceOf(Errors.class, roundTrip(sent));

    assertEquals(sent.loss(), read.loss());
    assertEquals(sent.values(), read.values());
    assertEquals(List.of(), read.trace());
    assertEquals(sent.step(), read.step());
  }

  @Test
  void everyFieldOfTheMessagesIsOneTheCodecWrites() {
    assertEquals(List.of("step", "micro", "attempt", "values", "labels", "timeMs", "trace"), components(Activations.class));
    assertEquals(List.of("step", "micro", "attempt", "values", "loss", "timeMs", "trace"), components(Errors.class));
    assertEquals(List.of("component", "phase", "startMs", "endMs", "bytes"), components(Span.class));
  }

  private static List<String> components(Class<? extends Record> type) {
    return java.util.Arrays.stream(type.getRecordComponents()).map(java.lang.reflect.RecordComponent::getName).toList();
  }

  @Test
  void aMessageThatDoesNotFitOverflowsTheBuffer() {
    Errors big = new Errors(1, 0, 0, tensor(128, 256), 0.1, 0, TRACE);
    assertThrows(BufferOverflowException.class, () -> StepMessageCodec.write(big, ByteBuffer.allocate(1000)));
  }

  @Test
  void malformedBytesAreRefusedNotAllocated() {
    Errors sent = new Errors(1, 0, 0, tensor(4, 4), 0.1, 0, TRACE);
    ByteBuffer whole = ByteBuffer.allocate(StepMessageCodec.size(sent));
    StepMessageCodec.write(sent, whole);
    byte[] bytes = whole.array();

    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);
    Exception shortRead = assertThrows(RuntimeException.class, () -> StepMessageCodec.read(ByteBuffer.wrap(truncated)));
    assertInstanceOf(IllegalArgumentException.class, shortRead, "a tensor longer than what is left: " + shortRead);

    byte[] unknownKind = bytes.clone();
    unknownKind[0] = 9;
    assertThrows(IllegalArgumentException.class, () -> StepMessageCodec.read(ByteBuffer.wrap(unknownKind)));

    byte[] hugeTrace = bytes.clone();
    ByteBuffer.wrap(hugeTrace).order(ByteOrder.LITTLE_ENDIAN).putInt(1 + 4 + 4 + 4 + 8 + 8, Integer.MAX_VALUE);
    assertThrows(IllegalArgumentException.class, () -> StepMessageCodec.read(ByteBuffer.wrap(hugeTrace)));

    assertThrows(BufferUnderflowException.class, () -> StepMessageCodec.read(ByteBuffer.wrap(new byte[] {1, 0, 0})));
  }
}
