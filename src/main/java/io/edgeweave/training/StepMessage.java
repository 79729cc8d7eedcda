package io.edgeweave.training;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.edgeweave.tensor.Tensor;
import java.util.List;

/** What a link carries between partitions: activations forward, errors backward. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = Activations.class, name = "activations"),
  @JsonSubTypes.Type(value = Errors.class, name = "errors")
})
public sealed interface StepMessage permits Activations, Errors {
  /** Modelled bytes of a message besides its tensor: step, attempt, time, trace and framing. */
  long HEADER_BYTES = 64;

  int step();

  /** The micro-batch of the step (0 when the step is not cut into micro-batches). */
  int micro();

  int attempt();

  /**
   * Which transmission of its step and direction this is, for a link's random draws: the attempt, kept apart
   * for each micro-batch after the first (so micro-batch 0 draws as an uncut step does).
   */
  default int transmission() {
    return micro() == 0 ? attempt() : (micro() << 16) + attempt();
  }

  double timeMs();

  long payloadBytes();

  /** The step's spans so far: every node's compute, link's transfer and sender's wait. */
  List<Span> trace();

  /** The tensor the message carries: activations forward, errors backward. */
  Tensor values();

  /** Bytes besides the tensor: header, and the labels that travel with activations. */
  default long sideBytes() {
    return payloadBytes() - values().byteSize();
  }

  /** The same message with the values its link delivers (changed by an over-the-air or quantising link). */
  StepMessage withValues(Tensor values);

  /** The same message as delivered by a link at {@code deliveryMs}, its transfer added to the trace. */
  StepMessage deliveredAt(double deliveryMs, Span transfer);

  /**
   * The same message sent again by {@code sender}, {@code timeoutMs} after this attempt: the next attempt,
   * the wait recorded in the trace.
   */
  StepMessage retried(String sender, double timeoutMs);

  static List<Span> waited(List<Span> trace, String sender, double fromMs, double timeoutMs) {
    return Activations.append(trace, new Span(sender, Span.Phase.RETRY, fromMs, fromMs + timeoutMs, 0));
  }
}
