package io.edgeweave.training;

import io.edgeweave.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A partition's output for one step, on its way to the next partition, with the batch's labels (the last
 * partition computes the loss) and the step's trace so far.
 *
 * @param micro which micro-batch of the step (0 when the step is not cut into micro-batches)
 * @param attempt 0 for the first send, n for the n-th retry
 * @param timeMs virtual time: when sent, until a link stamps its delivery time
 */
public record Activations(int step, int micro, int attempt, Tensor values, int[] labels, double timeMs, List<Span> trace)
    implements StepMessage {

  public Activations {
    trace = List.copyOf(trace);
  }

  @Override
  public long payloadBytes() {
    return values.byteSize() + 4L * labels.length + HEADER_BYTES;
  }

  @Override
  public Activations withValues(Tensor newValues) {
    return new Activations(step, micro, attempt, newValues, labels, timeMs, trace);
  }

  @Override
  public Activations deliveredAt(double deliveryMs, Span transfer) {
    return new Activations(step, micro, attempt, values, labels, deliveryMs, append(trace, transfer));
  }

  @Override
  public Activations retried(String sender, double timeoutMs) {
    return new Activations(
        step, micro, attempt + 1, values, labels, timeMs + timeoutMs, StepMessage.waited(trace, sender, timeMs, timeoutMs));
  }

  static List<Span> append(List<Span> trace, Span span) {
    List<Span> longer = new ArrayList<>(trace.size() + 1);
    longer.addAll(trace);
    longer.add(span);
    return longer;
  }
}
