package io.edgeweave.serving;

import io.edgeweave.tensor.EncodedTensor;
import io.edgeweave.training.Span;
import io.edgeweave.training.StepMessage;
import java.util.List;

/** A request's output (class probabilities) on its way back to the source. */
public record Answer(int epoch, int request, int attempt, EncodedTensor values, double timeMs, List<Span> trace)
    implements ServingMessage {
  public Answer {
    trace = List.copyOf(trace);
  }

  @Override
  public long payloadBytes() {
    return values.byteSize() + HEADER_BYTES;
  }

  @Override
  public Answer deliveredAt(double deliveryMs, Span transfer) {
    return new Answer(epoch, request, attempt, values, deliveryMs, Query.appended(trace, transfer));
  }

  @Override
  public Answer retried(String sender, double timeoutMs) {
    return new Answer(epoch, request, attempt + 1, values, timeMs + timeoutMs, StepMessage.waited(trace, sender, timeMs, timeoutMs));
  }
}
