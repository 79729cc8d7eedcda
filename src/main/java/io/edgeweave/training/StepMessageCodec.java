package io.edgeweave.training;

import io.edgeweave.tensor.Tensor;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A step message as plain little-endian fields: a kind byte, step, micro-batch, attempt, virtual time, the labels
 * (activations) or the loss (errors), the trace and the tensor. Split training sends two of them across JVMs per
 * partition boundary and step; written straight into a network buffer and read straight out of one, the tensor's
 * bytes are copied once each way and nothing is looked up by reflection (ADR 39).
 */
public final class StepMessageCodec {
  private static final byte ACTIVATIONS = 1;
  private static final byte ERRORS = 2;

  private StepMessageCodec() {}

  /** Bytes {@link #write} takes for {@code message}. */
  public static int size(StepMessage message) {
    int size = 1 + 4 + 4 + 4 + 8 + WireFields.traceSize(message.trace()) + message.values().writtenSize();
    return size + (message instanceof Activations a ? 4 + 4 * a.labels().length : 8);
  }

  /** Writes {@code message} at the buffer's position; one that does not fit throws {@link java.nio.BufferOverflowException}. */
  public static void write(StepMessage message, ByteBuffer out) {
    WireFields.littleEndian(out, b -> {
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
    WireFields.writeTrace(message.trace(), out);
    message.values().write(out);
  }

  /**
   * Reads a message written by {@link #write} from the buffer's position.
   *
   * @throws IllegalArgumentException if the bytes are not one (a short buffer: {@link java.nio.BufferUnderflowException})
   */
  public static StepMessage read(ByteBuffer in) {
    return WireFields.littleEndian(in, StepMessageCodec::readFields);
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
      labels = new int[WireFields.count(in, "labels")];
      for (int i = 0; i < labels.length; i++) labels[i] = in.getInt();
    } else {
      loss = in.getDouble();
    }
    List<Span> trace = WireFields.readTrace(in);
    Tensor values = Tensor.read(in);
    return kind == ACTIVATIONS
        ? new Activations(step, micro, attempt, values, labels, timeMs, trace)
        : new Errors(step, micro, attempt, values, loss, timeMs, trace);
  }
}
