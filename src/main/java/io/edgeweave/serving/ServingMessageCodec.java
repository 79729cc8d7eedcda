package io.edgeweave.serving;

import io.edgeweave.scenario.ConvSpec;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.TensorShape;
import io.edgeweave.tensor.EncodedTensor;
import io.edgeweave.tensor.Tensor;
import io.edgeweave.training.Span;
import io.edgeweave.training.WireFields;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What a link carries while a deployment serves, as plain little-endian fields: a kind byte, then a query's or an
 * answer's epoch, request, attempt, tensor, virtual time and trace, or the weights of a migration with their model
 * and route. Each request crosses JVMs as a few of these and a dozen small probe messages (ADR 40).
 */
public final class ServingMessageCodec {
  private static final byte QUERY = 1;
  private static final byte ANSWER = 2;
  private static final byte WEIGHTS = 3;

  private ServingMessageCodec() {}

  /** Writes {@code message} at the buffer's position; one that does not fit throws {@link java.nio.BufferOverflowException}. */
  public static void write(ServingMessage message, ByteBuffer out) {
    WireFields.littleEndian(out, b -> {
      writeFields(message, b);
      return null;
    });
  }

  private static void writeFields(ServingMessage message, ByteBuffer out) {
    if (message instanceof Query q) {
      writeTensorMessage(QUERY, q.epoch(), q.request(), q.attempt(), q.values(), q.timeMs(), q.trace(), out);
    } else if (message instanceof Answer a) {
      writeTensorMessage(ANSWER, a.epoch(), a.request(), a.attempt(), a.values(), a.timeMs(), a.trace(), out);
    } else {
      Weights w = (Weights) message;
      out.put(WEIGHTS).putInt(w.epoch()).putInt(w.request()).putInt(w.attempt());
      writeModel(w.model(), out);
      out.putInt(w.fromBlock()).putInt(w.toBlock());
      w.parameters().write(out);
      writeStrings(w.route(), out);
      out.putDouble(w.timeMs());
    }
  }

  private static void writeTensorMessage(
      byte kind, int epoch, int request, int attempt, EncodedTensor values, double timeMs, List<Span> trace, ByteBuffer out) {
    out.put(kind).putInt(epoch).putInt(request).putInt(attempt).putDouble(timeMs);
    WireFields.writeTrace(trace, out);
    values.write(out);
  }

  /**
   * Reads a message written by {@link #write} from the buffer's position.
   *
   * @throws IllegalArgumentException if the bytes are not one (a short buffer: {@link java.nio.BufferUnderflowException})
   */
  public static ServingMessage read(ByteBuffer in) {
    return WireFields.littleEndian(in, ServingMessageCodec::readFields);
  }

  private static ServingMessage readFields(ByteBuffer in) {
    byte kind = in.get();
    if (kind != QUERY && kind != ANSWER && kind != WEIGHTS) throw new IllegalArgumentException("serving message of unknown kind " + kind);
    int epoch = in.getInt();
    int request = in.getInt();
    int attempt = in.getInt();
    if (kind == WEIGHTS) {
      ModelSpec model = readModel(in);
      int fromBlock = in.getInt();
      int toBlock = in.getInt();
      Tensor parameters = Tensor.read(in);
      List<String> route = readStrings(in, "route nodes");
      return new Weights(epoch, request, attempt, model, fromBlock, toBlock, parameters, route, in.getDouble());
    }
    double timeMs = in.getDouble();
    List<Span> trace = WireFields.readTrace(in);
    EncodedTensor values = EncodedTensor.read(in);
    return kind == QUERY
        ? new Query(epoch, request, attempt, values, timeMs, trace)
        : new Answer(epoch, request, attempt, values, timeMs, trace);
  }

  private static void writeModel(ModelSpec model, ByteBuffer out) {
    WireFields.writeString(model.type(), out);
    out.putInt(model.inputs());
    out.putInt(model.hidden().size());
    for (int width : model.hidden()) out.putInt(width);
    out.putInt(model.classes());
    WireFields.writeString(model.activation(), out);
    WireFields.writeString(model.updater(), out);
    out.putDouble(model.learningRate());
    out.putInt(model.convolutions().size());
    for (ConvSpec c : model.convolutions()) out.putInt(c.filters()).putInt(c.kernel()).putInt(c.pool());
    TensorShape.Grid image = model.image();
    WireFields.writeFlag(image != null, out);
    if (image != null) out.putInt(image.channels()).putInt(image.height()).putInt(image.width());
    WireFields.writeString(model.engine(), out);
  }

  private static ModelSpec readModel(ByteBuffer in) {
    String type = WireFields.readString(in);
    int inputs = in.getInt();
    List<Integer> hidden = new ArrayList<>();
    for (int i = WireFields.count(in, "hidden layers"); i > 0; i--) hidden.add(in.getInt());
    int classes = in.getInt();
    String activation = WireFields.readString(in);
    String updater = WireFields.readString(in);
    double learningRate = in.getDouble();
    List<ConvSpec> convolutions = new ArrayList<>();
    for (int i = WireFields.count(in, "convolution blocks"); i > 0; i--) convolutions.add(new ConvSpec(in.getInt(), in.getInt(), in.getInt()));
    TensorShape.Grid image = WireFields.readFlag(in, "image") ? new TensorShape.Grid(in.getInt(), in.getInt(), in.getInt()) : null;
    String engine = WireFields.readString(in);
    return new ModelSpec(type, inputs, hidden, classes, activation, updater, learningRate, convolutions, image, engine);
  }

  private static void writeStrings(List<String> strings, ByteBuffer out) {
    out.putInt(strings.size());
    for (String s : strings) WireFields.writeString(s, out);
  }

  private static List<String> readStrings(ByteBuffer in, String what) {
    List<String> strings = new ArrayList<>();
    for (int i = WireFields.count(in, what); i > 0; i--) strings.add(WireFields.readString(in));
    return strings;
  }
}
