package io.edgeweave.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgeweave.nn.Networks;
import io.edgeweave.plan.BlockChain;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.tensor.EncodedTensor;
import io.edgeweave.tensor.Encoding;
import io.edgeweave.tensor.NdArrays;
import io.edgeweave.tensor.Tensor;
import io.edgeweave.tensor.WireFormat;
import io.edgeweave.training.Span;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One node's serving decisions: compute or relay, virtual time, duplicates, weights, losses. */
class ServingWorkerTest {
  private static final ModelSpec MODEL = new ModelSpec("mlp", 6, List.of(5), 3, "relu", "adam", 0.01);
  private static final MultiLayerNetwork WHOLE = Networks.whole(MODEL, 9);
  private static final List<String> PATH = List.of("device", "edge", "cloud");

  /** The parameters of layers [from, to) of {@link #WHOLE}. */
  private static float[] parameters(int from, int to) {
    float[] all = NdArrays.toFloats(WHOLE.params());
    int start = (int) MODEL.parameterCount(0, from);
    float[] part = new float[(int) MODEL.parameterCount(from, to)];
    System.arraycopy(all, start, part, 0, part.length);
    return part;
  }

  /** A worker installed as path node {@code position} running [from, to), weights from the checkpoint. */
  private static ServingWorker installed(String node, int position, int from, int to, double flops) {
    return installed(node, position, from, to, flops, WireFormat.FLOAT32);
  }

  private static ServingWorker installed(String node, int position, int from, int to, double flops, WireFormat wire) {
    ServingWorker w = new ServingWorker(node, flops, 30, 2);
    w.assign(new Role(1, MODEL, wire, PATH, position, from, to), 0);
    if (to > from) w.shipCheckpoint(1, 0, MODEL, from, to, parameters(from, to), List.of(node), 0);
    return w;
  }

  private static EncodedTensor input() {
    return EncodedTensor.of(Encoding.FLOAT32, new int[] {2, 6}, new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f});
  }

  @Test
  void theSplitComputesWhatTheWholeNetworkComputes() {
    ServingWorker device = installed("device", 0, 0, 1, 1e6);
    ServingWorker edge = installed("edge", 1, 1, 1, 1e9);
    ServingWorker cloud = installed("cloud", 2, 1, 2, 1e9);

    Query up = (Query) ((ServingWorker.Send) device.serve(1, 0, input(), 10, 0)).message();
    Query relayed = (Query) ((ServingWorker.Send) edge.onQuery(up.deliveredAt(15, span("a", 10, 15)))).message();
    ServingWorker.Send back = (ServingWorker.Send) cloud.onQuery(relayed.deliveredAt(20, span("b", 15, 20)));
    assertEquals("edge", back.to());
    Answer answer = (Answer) back.message();

    INDArray expected = WHOLE.output(input().toINDArray());
    assertArrayEquals(NdArrays.toFloats(expected), answer.values().toFloats(), 1e-6f);
    // device: 2 samples × 2·6·5 FLOP at 1e6 FLOP/s = 0.12 ms from the arrival at 10 ms
    assertEquals(10.12, up.timeMs(), 1e-9);
    assertEquals(15, relayed.timeMs(), 1e-9, "a relay adds no time");
    assertEquals(20 + 2 * 2 * 5 * 3 / 1e6, answer.timeMs(), 1e-9);
    assertEquals(List.of("device", "a", "b", "cloud"), answer.trace().stream().map(Span::component).toList());
  }

  @Test
  void whatCrossesEachLinkIsEncodedAndWeighsWhatTheCostModelCharges() {
    WireFormat wire = new WireFormat(Encoding.UINT8, Encoding.INT8);
    BlockChain chain = BlockChain.of(MODEL, wire);
    EncodedTensor pixels = EncodedTensor.of(Encoding.UINT8, new int[] {2, 6}, input().toFloats());
    ServingWorker device = installed("device", 0, 0, 1, 1e6, wire);
    ServingWorker edge = installed("edge", 1, 1, 1, 1e9, wire);
    ServingWorker cloud = installed("cloud", 2, 1, 2, 1e9, wire);

    Query up = (Query) ((ServingWorker.Send) device.serve(1, 0, pixels, 10, 0)).message();
    assertEquals(Encoding.INT8, up.values().encoding());
    assertEquals(chain.activationBytes(1, 2) + ServingMessage.HEADER_BYTES, up.payloadBytes());
    Query relayed = (Query) ((ServingWorker.Send) edge.onQuery(up)).message();
    assertSame(up.values(), relayed.values(), "a relay sends on what it got");
    Answer answer = (Answer) ((ServingWorker.Send) cloud.onQuery(relayed)).message();
    assertEquals(chain.activationBytes(2, 2) + ServingMessage.HEADER_BYTES, answer.payloadBytes());

    // the receivers computed with the quantised activations: close to the exact output, the same classes
    INDArray exact = WHOLE.output(pixels.toINDArray());
    assertArrayEquals(NdArrays.toFloats(exact), answer.values().toFloats(), 0.02f);
    assertArrayEquals(NdArrays.toFloats(exact.argMax(1)), NdArrays.toFloats(answer.values().toINDArray().argMax(1)));

    ServingWorker sendsRaw = installed("device", 0, 0, 0, 1e6, wire);
    Query raw = (Query) ((ServingWorker.Send) sendsRaw.serve(1, 0, pixels, 10, 0)).message();
    assertEquals(chain.activationBytes(0, 2) + ServingMessage.HEADER_BYTES, raw.payloadBytes(), "12 pixels, a byte each");
  }

  @Test
  void aBusyNodeQueuesAndCopiesAreDropped() {
    ServingWorker device = installed("device", 0, 0, 1, 1e6);
    Query first = (Query) ((ServingWorker.Send) device.serve(1, 0, input(), 10, 0)).message();
    Query second = (Query) ((ServingWorker.Send) device.serve(1, 1, input(), 10.05, 0)).message();
    assertEquals(10.24, second.timeMs(), 1e-9, "starts when the first is done");
    assertEquals(10.12, first.timeMs(), 1e-9);
    ServingWorker cloud = installed("cloud", 2, 1, 2, 1e9);
    cloud.onQuery(first);
    assertSame(ServingWorker.Ignore.INSTANCE, cloud.onQuery(first), "a duplicate");
    assertSame(ServingWorker.Ignore.INSTANCE, cloud.onQuery(new Query(0, 5, 0, first.values(), 1, List.of())), "another deployment");
    assertThrows(IllegalStateException.class, () -> cloud.serve(1, 3, input(), 0, 0), "only the source starts requests");
  }

  @Test
  void weightsMayArriveBeforeTheirAssignmentAndSetTheReadyTime() {
    ServingWorker edge = new ServingWorker("edge", 1e9, 30, 2);
    Weights w = new Weights(4, 7, 0, MODEL, 0, 2, Tensor.of(new int[] {(int) MODEL.parameterCount(0, 2)}, parameters(0, 2)),
        List.of("cloud", "edge"), 250);
    assertSame(ServingWorker.Ignore.INSTANCE, edge.onWeights(w));
    ServingWorker.Decision d = edge.assign(new Role(4, MODEL, WireFormat.FLOAT32, List.of("edge"), 0, 0, 2), 200);
    assertEquals(new ServingWorker.Installed(4, 250), d);
    assertEquals(List.of(0, 1), edge.heldBlocks());
    ServingWorker relay = new ServingWorker("mid", 1e9, 30, 2);
    Weights through = new Weights(4, 7, 0, MODEL, 0, 1, w.parameters(), List.of("cloud", "mid", "edge"), 9);
    assertEquals("edge", ((ServingWorker.Send) relay.onWeights(through)).to());
  }

  @Test
  void aLostMessageIsSentAgainLaterUntilTheRetriesRunOut() {
    ServingWorker device = installed("device", 0, 0, 1, 1e6);
    Query q = (Query) ((ServingWorker.Send) device.serve(1, 0, input(), 10, 0)).message();
    ServingWorker.Send again = (ServingWorker.Send) device.onLost(q);
    assertEquals("edge", again.to());
    assertEquals(1, again.message().attempt());
    assertEquals(q.timeMs() + 30, again.message().timeMs(), 1e-9);
    ServingWorker.Decision twice = device.onLost(device.onLost(again.message()) instanceof ServingWorker.Send s ? s.message() : null);
    assertInstanceOf(ServingWorker.Failed.class, twice);
    assertThrows(IllegalStateException.class, () -> new ServingWorker("x", 1, 1, 1).ship(1, 0, 0, 1, List.of("x", "y"), 0));
  }

  private static Span span(String link, double from, double to) {
    return new Span(link, Span.Phase.TRANSFER, from, to, 0);
  }

  /** A checkpoint of a node between two requests: a worker restored from it computes what the original computes. */
  @Test
  void aWorkerRestoredFromItsStateComputesAsTheOriginal() {
    ServingWorker original = installed("device", 0, 0, 1, 1e6);
    original.serve(1, 0, input(), 10, 0);
    ServingWorker.State state = original.state();
    assertEquals(List.of(0), List.copyOf(state.blocksSinceMs().keySet()));

    ServingWorker restored = new ServingWorker("device", 1e6, 30, 2);
    restored.restore(state, parameters(0, 1));

    assertEquals(state, restored.state());
    Query a = (Query) ((ServingWorker.Send) original.serve(1, 1, input(), 10.05, 0)).message();
    Query b = (Query) ((ServingWorker.Send) restored.serve(1, 1, input(), 10.05, 0)).message();
    assertEquals(10.24, b.timeMs(), 1e-9, "queued behind request 0 on the restored compute clock");
    assertEquals(a.timeMs(), b.timeMs());
    assertArrayEquals(a.values().toFloats(), b.values().toFloats());
    assertThrows(IllegalArgumentException.class, () -> new ServingWorker("device", 1e6, 30, 2).restore(state, parameters(0, 2)));
  }
}
