package io.edgeweave.serving;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.edgeweave.training.Span;
import io.edgeweave.training.StepMessage;

/**
 * What a link carries when a deployed model serves: a request's activations on their way out, its answer on
 * its way back to the source, and partition weights on their way to a new host.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = Query.class, name = "query"),
  @JsonSubTypes.Type(value = Answer.class, name = "answer"),
  @JsonSubTypes.Type(value = Weights.class, name = "weights")
})
public sealed interface ServingMessage permits Query, Answer, Weights {
  /** Modelled bytes of a message besides its tensor, as for training messages. */
  long HEADER_BYTES = StepMessage.HEADER_BYTES;

  /** The deployment this message belongs to; messages of an older deployment are dropped. */
  int epoch();

  /** The request it serves (weights: the request before which they move); link faults count requests as steps. */
  int request();

  /** 0 for the first send over a hop, n for the n-th resend after a loss. */
  int attempt();

  /** Virtual time: when sent, until a link stamps its delivery time. */
  double timeMs();

  long payloadBytes();

  /** The same message as delivered by a link at {@code deliveryMs}, the transfer added to its trace. */
  ServingMessage deliveredAt(double deliveryMs, Span transfer);

  /** The same message sent again by {@code sender}, {@code timeoutMs} later: the next attempt. */
  ServingMessage retried(String sender, double timeoutMs);
}
