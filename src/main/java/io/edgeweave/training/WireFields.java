package io.edgeweave.training;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The fields the binary message codecs share (ADR 39, ADR 40): strings as a UTF-8 length and bytes, a trace as a
 * count and its spans, counts checked against what is left before anything is allocated, and every field
 * little-endian whatever the buffer's own order.
 */
public final class WireFields {
  private static final Span.Phase[] PHASES = Span.Phase.values();
  /** Longer traces, labels or names than any message has are a malformed message, not an allocation. */
  private static final int MAX_COUNT = 1 << 20;

  private WireFields() {}

  /** {@code work} on the buffer read or written little-endian, the buffer's own order given back after it. */
  public static <T> T littleEndian(ByteBuffer buffer, Function<ByteBuffer, T> work) {
    ByteOrder order = buffer.order();
    try {
      return work.apply(buffer.order(ByteOrder.LITTLE_ENDIAN));
    } finally {
      buffer.order(order);
    }
  }

  /** Reads a count of {@code what}; a negative one, or more than the bytes left, is an {@link IllegalArgumentException}. */
  public static int count(ByteBuffer in, String what) {
    int n = in.getInt();
    if (n < 0 || n > MAX_COUNT || n > in.remaining()) throw new IllegalArgumentException(n + " " + what + " in a message");
    return n;
  }

  /** A boolean as one byte, 0 or 1. */
  public static void writeFlag(boolean flag, ByteBuffer out) {
    out.put((byte) (flag ? 1 : 0));
  }

  public static boolean readFlag(ByteBuffer in, String what) {
    byte flag = in.get();
    if (flag != 0 && flag != 1) throw new IllegalArgumentException(what + " flag " + flag + ", not 0 or 1");
    return flag == 1;
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

  /** Bytes {@link #writeTrace} takes. */
  public static int traceSize(List<Span> trace) {
    int size = 4;
    for (Span span : trace) size += stringSize(span.component()) + 1 + 8 + 8 + 8;
    return size;
  }

  public static void writeTrace(List<Span> trace, ByteBuffer out) {
    littleEndian(out, b -> {
      b.putInt(trace.size());
      for (Span span : trace) {
        writeString(span.component(), b);
        b.put((byte) span.phase().ordinal()).putDouble(span.startMs()).putDouble(span.endMs()).putLong(span.bytes());
      }
      return null;
    });
  }

  public static List<Span> readTrace(ByteBuffer in) {
    return littleEndian(in, b -> {
      int spans = count(b, "trace spans");
      List<Span> trace = new ArrayList<>(spans);
      for (int i = 0; i < spans; i++) trace.add(readSpan(b));
      return trace;
    });
  }

  private static Span readSpan(ByteBuffer in) {
    String component = readString(in);
    int phase = in.get();
    if (phase < 0 || phase >= PHASES.length) throw new IllegalArgumentException("trace span of unknown phase " + phase);
    return new Span(component, PHASES[phase], in.getDouble(), in.getDouble(), in.getLong());
  }
}
