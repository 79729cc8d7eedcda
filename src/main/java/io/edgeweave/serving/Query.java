package io.edgeweave.serving;

import io.edgeweave.tensor.EncodedTensor;
import io.edgeweave.training.Span;
import io.edgeweave.training.StepMessage;
import java.util.ArrayList;
import java.util.List;

/** A request's activations on their way to the next node of the deployment's path. */
public record Query(int epoch, int request, int attempt, EncodedTensor values, double timeMs, List<Span> trace)
    implements ServingMessage {
  public Query {
    trace = List.copyOf(trace);
  }

  @Override
  public long payloadBytes() {
    return values.byteSize() + HEADER_BYTES;
  }

  @Override
  public Query deliveredAt(double deliveryMs, Span transfer) {
    return new Query(epoch, request, attempt, values, deliveryMs, appended(trace, transfer));
  }

  @Override
  public Query retried(String sender, double timeoutMs) {
    return new Query(epoch, request, attempt + 1, values, timeMs + timeoutMs, StepMessage.waited(trace, sender, timeMs, timeoutMs));
  }

  static List<Span> appended(List<Span> trace, Span span) {
    List<Span> longer = new ArrayList<>(trace);
    longer.add(span);
    return longer;
  }
}
