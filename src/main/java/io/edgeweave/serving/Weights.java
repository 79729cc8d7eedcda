package io.edgeweave.serving;

import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.tensor.Tensor;
import io.edgeweave.training.Span;
import java.util.List;

/**
 * The parameters of blocks {@code [fromBlock, toBlock)} of {@code model} on their way along {@code route}
 * (sender first, new host last); nodes in between relay them.
 */
public record Weights(
    int epoch,
    int request,
    int attempt,
    ModelSpec model,
    int fromBlock,
    int toBlock,
    Tensor parameters,
    List<String> route,
    double timeMs)
    implements ServingMessage {
  public Weights {
    route = List.copyOf(route);
  }

  @Override
  public long payloadBytes() {
    return parameters.byteSize() + HEADER_BYTES;
  }

  /** The same weights as sent on by a relay: a new hop, a first attempt. */
  public Weights relayed() {
    return new Weights(epoch, request, 0, model, fromBlock, toBlock, parameters, route, timeMs);
  }

  /** The node after {@code node} on the route. */
  public String after(String node) {
    return route.get(route.indexOf(node) + 1);
  }

  public String destination() {
    return route.get(route.size() - 1);
  }

  @Override
  public Weights deliveredAt(double deliveryMs, Span transfer) {
    return new Weights(epoch, request, attempt, model, fromBlock, toBlock, parameters, route, deliveryMs);
  }

  @Override
  public Weights retried(String sender, double timeoutMs) {
    return new Weights(epoch, request, attempt + 1, model, fromBlock, toBlock, parameters, route, timeMs + timeoutMs);
  }
}
