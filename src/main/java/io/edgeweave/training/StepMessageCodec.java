package io.edgeweave.training;

import io.edgeweave.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A step message as plain little-endian fields: a kind byte, step, micro-batch, attempt, virtual time, the labels
 * (activations) or the loss (errors), the trace and the tensor. Split training sends two of them across JVMs per
 * partition boundary and step; written straight into a network buffer and read straight out of one, the tensor's
 * bytes are copied once each way and nothing is looked up by reflection (ADR 39).
 */
public final class StepMessageCodec {
  private static final byte ACTIVATIONS = 1;
  private static final byte ERRORS = 2;
  private static final Span.Phase[] PHASES = Span.Phase.values();
  /** Longer traces, labels or names than any step has are a malformed message, not an allocation. */
  private static final int MAX_COUNT = 1 << 20;

  private StepMessageCodec() {}

  /** Bytes {@link #write} takes for {@code message}. */
  public static int size(StepMessage message) {
    int size = 1 + 4 + 4 + 4 + 8 + 4 + message.values().writtenSize();
    size += message instanceof Activations a ? 4 + 4 * a.labels().length : 8;
    for (Span span : message.trace()) size += stringSize(span.component()) + 1 + 8 + 8 + 8;
    return size;
  }

  /** Writes {@code message} at the buffer's position; one that does not fit throws {@link java.nio.BufferOverflowException}. */
  public static void write(StepMessage message, ByteBuffer out) {
    littleEndian(out, b -> {
      writeFields(message, b);
      return null;
    });
  }

  private static void writeFields(StepMessage message, ByteBuffer out) {
    out.put(message instanceof Activations ? ACTIVATIONS : ERRORS);
    out.putInt(message.step()).putInt(message.micro()).putInt(message.attempt()).putDouble(message.timeMs());
    if (message instanceof Activations a) {
      out.putInt(a.labels().length);
      for (int label : a.labels()) out.putInt(label);
    } else {
      out.putDouble(((Errors) message).loss());
    }
    out.putInt(message.trace().size());
    for (Span span : message.trace()) {
      writeString(span.component(), out);
      out.put((byte) span.phase().ordinal()).putDouble(span.startMs()).putDouble(span.endMs()).putLong(span.bytes());
    }
    message.values().write(out);
  }

  /**
   * Reads a message written by {@link #write} from the buffer's position.
   *
   * @throws IllegalArgumentException if the bytes are not one (a short buffer: {@link java.nio.BufferUnderflowException})
   */
  public static StepMessage read(ByteBuffer in) {
    return littleEndian(in, StepMessageCodec::readFields);
  }

  private static StepMessage readFields(ByteBuffer in) {
    byte kind = in.get();
    if (kind != ACTIVATIONS && kind != ERRORS) throw new IllegalArgumentException("step message of unknown kind " + kind);
    int step = in.getInt();
    int micro = in.getInt();
    int attempt = in.getInt();
    double timeMs = in.getDouble();
    int[] labels = null;
    double loss = 0;
    if (kind == ACTIVATIONS) {
      labels = new int[count(in, "labels")];
      for (int i = 0; i < labels.length; i++) labels[i] = in.getInt();
    } else {
      loss = in.getDouble();
    }
    int spans = count(in, "trace spans");
    List<Span> trace = new ArrayList<>(spans);
    for (int i = 0; i < spans; i++) trace.add(readSpan(in));
    Tensor values = Tensor.read(in);
    return kind == ACTIVATIONS
        ? new Activations(step, micro, attempt, values, labels, timeMs, trace)
        : new Errors(step, micro, attempt, values, loss, timeMs, trace);
  }

  private static Span readSpan(ByteBuffer in) {
    String component = readString(in);
    int phase = in.get();
    if (phase < 0 || phase >= PHASES.length) throw new IllegalArgumentException("trace span of unknown phase " + phase);
    return new Span(component, PHASES[phase], in.getDouble(), in.getDouble(), in.getLong());
  }

  /** Bytes {@link #writeString} takes. */
  public static int stringSize(String s) {
    return 4 + s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** A string as its UTF-8 length (little-endian, whatever the buffer's order) and bytes. */
  public static void writeString(String s, ByteBuffer out) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    littleEndian(out, b -> b.putInt(bytes.length).put(bytes));
  }

  public static String readString(ByteBuffer in) {
    return littleEndian(in, b -> {
      byte[] bytes = new byte[count(b, "string bytes")];
      b.get(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    });
  }

  /** {@code work} on the buffer read or written little-endian, the buffer's own order given back after it. */
  private static <T> T littleEndian(ByteBuffer buffer, Function<ByteBuffer, T> work) {
    ByteOrder order = buffer.order();
    try {
      return work.apply(buffer.order(ByteOrder.LITTLE_ENDIAN));
    } finally {
      buffer.order(order);
    }
  }

  private static int count(ByteBuffer in, String what) {
    int n = in.getInt();
    if (n < 0 || n > MAX_COUNT || n > in.remaining()) throw new IllegalArgumentException(n + " " + what + " in a step message");
    return n;
  }
}
