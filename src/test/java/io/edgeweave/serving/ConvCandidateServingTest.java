package io.edgeweave.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.data.SyntheticDataset;
import io.edgeweave.data.TrainTest;
import io.edgeweave.nn.Nd4jSetup;
import io.edgeweave.plan.Architectures;
import io.edgeweave.plan.BlockChain;
import io.edgeweave.plan.CandidateTraining;
import io.edgeweave.scenario.ConvSpec;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.tensor.EncodedTensor;
import io.edgeweave.tensor.Encoding;
import io.edgeweave.tensor.NdArrays;
import io.edgeweave.tensor.WireFormat;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A convolution candidate trained on the fast path serves split over nodes as DL4J partitions of its weights. */
class ConvCandidateServingTest {
  private static final ModelSpec BASE = new ModelSpec("mlp", 144, List.of(16), 4, "relu", "adam", 0.01);
  private static final TrainTest DATA = SyntheticDataset.generate(5, 2_000, 100, 144, 4);
  private static final List<String> PATH = List.of("device", "edge", "cloud");

  @Test
  void theSplitOfATrainedConvolutionCandidateComputesWhatItsWholeNetworkComputes() {
    Nd4jSetup.singleThreaded();
    ModelSpec model = Architectures.withConvolutions(BASE, List.of(new ConvSpec(4, 3, 2), new ConvSpec(6, 3, 2)), List.of(16));
    CandidateTraining.Trained trained = new CandidateTraining(DATA, 300, 300, WireFormat.FLOAT32, 3).train(model, 2);
    assertTrue(trained.finalAccuracy() > 0.4, "the fast path learns the 4 classes above chance: " + trained.finalAccuracy());
    float[] weights = NdArrays.toFloats(trained.network().params());
    WireFormat wire = new WireFormat(Encoding.FLOAT32, Encoding.FLOAT32);

    // the device runs the first convolution block, the edge the second, the cloud the dense layers
    ServingWorker device = installed(model, weights, "device", 0, 0, 1, wire);
    ServingWorker edge = installed(model, weights, "edge", 1, 1, 2, wire);
    ServingWorker cloud = installed(model, weights, "cloud", 2, 2, 4, wire);
    float[] images = Arrays.copyOf(DATA.test().x(), 3 * 144);
    EncodedTensor input = EncodedTensor.of(Encoding.FLOAT32, new int[] {3, 144}, images);

    Query up = (Query) ((ServingWorker.Send) device.serve(1, 0, input, 10, 0)).message();
    BlockChain chain = BlockChain.of(model, wire);
    assertEquals(chain.activationBytes(1, 3) + ServingMessage.HEADER_BYTES, up.payloadBytes(), "the pooled 4×6×6 map, as the cost model counts it");
    Query toCloud = (Query) ((ServingWorker.Send) edge.onQuery(up)).message();
    assertEquals(chain.activationBytes(2, 3) + ServingMessage.HEADER_BYTES, toCloud.payloadBytes());
    Answer answer = (Answer) ((ServingWorker.Send) cloud.onQuery(toCloud)).message();

    INDArray expected = trained.network().output(input.toINDArray());
    assertArrayEquals(NdArrays.toFloats(expected), answer.values().toFloats(), 1e-5f);
  }

  private static ServingWorker installed(ModelSpec model, float[] weights, String node, int position, int from, int to, WireFormat wire) {
    ServingWorker w = new ServingWorker(node, 1e9, 30, 2);
    w.assign(new Role(1, model, wire, PATH, position, from, to), 0);
    float[] part = Arrays.copyOfRange(weights, (int) model.parameterCount(0, from), (int) model.parameterCount(0, to));
    w.shipCheckpoint(1, 0, model, from, to, part, List.of(node), 0);
    return w;
  }
}
