package io.edgeweave.training;

import io.edgeweave.tensor.Tensor;
import java.util.List;

/**
 * The error dL/dInput of a partition for one step, on its way back to the previous partition, with the
 * batch loss and the step's trace so far.
 *
 * @param micro which micro-batch of the step (0 when the step is not cut into micro-batches)
 * @param loss the mean loss of the micro-batch
 */
public record Errors(int step, int micro, int attempt, Tensor values, double loss, double timeMs, List<Span> trace)
    implements StepMessage {

  public Errors {
    trace = List.copyOf(trace);
  }

  @Override
  public long payloadBytes() {
    return values.byteSize() + HEADER_BYTES;
  }

  @Override
  public Errors withValues(Tensor newValues) {
    return new Errors(step, micro, attempt, newValues, loss, timeMs, trace);
  }

  @Override
  public Errors deliveredAt(double deliveryMs, Span transfer) {
    return new Errors(step, micro, attempt, values, loss, deliveryMs, Activations.append(trace, transfer));
  }

  @Override
  public Errors retried(String sender, double timeoutMs) {
    return new Errors(
        step, micro, attempt + 1, values, loss, timeMs + timeoutMs, StepMessage.waited(trace, sender, timeMs, timeoutMs));
  }
}
