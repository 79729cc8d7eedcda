package io.edgeweave.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.channel.Direction;
import io.edgeweave.channel.MimoChannel;
import io.edgeweave.channel.OverTheAir;
import io.edgeweave.channel.OverTheAirMedium;
import io.edgeweave.fault.LinkConditions;
import io.edgeweave.nn.fast.FastCnnTest;
import io.edgeweave.scenario.ConvSpec;
import io.edgeweave.scenario.MimoSpec;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NetworkPlan;
import io.edgeweave.scenario.TensorShape;
import io.edgeweave.tensor.NdArrays;
import io.edgeweave.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Partitions on {@code nn.fast} against DL4J: an over-the-air CNN split (device conv blocks, precoder and
 * power normalisation | channel | combiner, dense, output) gives the whole DL4J network's loss and gradients
 * and the DL4J partitions' input errors within 1e-4 (relative, entries below 1% of their array's largest
 * measured against that), trains alongside them under Adam, and repeats bit for bit.
 */
class FastPartitionTest {
  private static final long SEED = 5;
  private static final double TOLERANCE = 1e-4;
  private static final double FLOOR = 1e-2;
  private static final double LEARNING_RATE = 0.01;
  private static final MimoSpec CHANNEL =
      new MimoSpec(3, 4, true, MimoSpec.ChannelModel.STATIC, 0, 1, 0, 0,
          Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1e6, 2, 0, MimoSpec.Payload.ACTIVATIONS, MimoSpec.Estimation.NONE);
  private static final ModelSpec CNN = new ModelSpec("cnn", 144, List.of(10), 4, "relu", "adam", LEARNING_RATE,
      List.of(new ConvSpec(4, 5, 2), new ConvSpec(6, 3, 2)), new TensorShape.Grid(1, 12, 12));
  private static final OverTheAirMedium LINK = new OverTheAirMedium(new MimoChannel(CHANNEL, 99), 5);
  private static final LinkConditions CLEAR = new LinkConditions(1e9, 0, 0, 0, 0, 0, false, Double.NaN, 0, 0);

  @BeforeAll
  static void threads() {
    Nd4jSetup.singleThreaded();
  }

  private static NetworkPlan plan(String engine) {
    return NetworkPlan.of(CNN.withEngine(engine), List.of(2), List.of(CHANNEL));
  }

  /** The whole network with the channel's H inside, as the link applies it. */
  private static MultiLayerNetwork whole() {
    NetworkPlan plan = plan("dl4j");
    MultiLayerNetwork whole = Networks.whole(plan, SEED);
    INDArray h = OverTheAir.weights(new MimoChannel(CHANNEL, 99).at(0, 0), 1);
    whole.getLayer(plan.partitions().get(0).to()).getParam("W").assign(h.transpose().reshape(8, 6, 1, 1));
    return whole;
  }

  /** One step's forward and backward passes through the chain: the loss and both input errors. */
  private record Pass(double loss, INDArray receiverError, INDArray deviceError) {}

  private static Pass pass(List<Partition> parts, INDArray x, INDArray y, int step) {
    Tensor sent = Tensor.of(parts.get(0).forward(x));
    Tensor received = LINK.carry(Direction.FORWARD, sent, 0, step, 1, CLEAR).values();
    Partition.LossAndError receiver = parts.get(1).trainFromLabels(received.toINDArray(), y);
    Tensor errors = LINK.carry(Direction.BACKWARD, Tensor.of(receiver.inputError()), 0, step, 2, CLEAR).values();
    INDArray deviceError = parts.get(0).backward(errors.toINDArray());
    return new Pass(receiver.loss(), receiver.inputError(), deviceError);
  }

  @Test
  void aChainOfFastPartitionsGivesTheWholeNetworksLossAndGradients() {
    MultiLayerNetwork whole = whole();
    NetworkPlan plan = plan("fast");
    List<Partition> fast = Networks.split(whole, plan);
    List<Partition> dl4j = Networks.split(whole, plan("dl4j"));
    assertTrue(fast.get(0).isFast() && fast.get(1).isFast() && !dl4j.get(0).isFast());
    Nd4j.getRandom().setSeed(SEED);
    INDArray x = Nd4j.rand(DataType.FLOAT, 6, 144);
    INDArray y = oneHot(0, 6, 4);

    whole.setInput(x);
    whole.setLabels(y);
    whole.computeGradientAndScore();
    float[] wholeGradient = NdArrays.toFloats(whole.gradient().gradient());
    Pass expected = pass(dl4j, x, y, 0);
    Pass actual = pass(fast, x, y, 0);

    assertEquals(whole.score(), actual.loss(), TOLERANCE * whole.score(), "loss");
    assertArrayEquals(expected.receiverError().shape(), actual.receiverError().shape());
    assertArrayEquals(expected.deviceError().shape(), actual.deviceError().shape());
    for (int i = 0; i < 2; i++) {
      NetworkPlan.Range r = plan.partitions().get(i);
      int from = offset(whole, r.from());
      float[] slice = Arrays.copyOfRange(wholeGradient, from, offset(whole, r.to()));
      assertClose(slice, fast.get(i).gradient(), "gradient of partition " + i);
    }
    assertClose(NdArrays.toFloats(expected.deviceError()), NdArrays.toFloats(actual.deviceError()), "device's input error");
    assertClose(NdArrays.toFloats(expected.receiverError()), NdArrays.toFloats(actual.receiverError()), "receiver's input error");
  }

  @Test
  void adamStepsOfBothEnginesStayTogetherAndTheirStatesMeanTheSame() {
    MultiLayerNetwork whole = whole();
    List<Partition> fast = Networks.split(whole, plan("fast"));
    List<Partition> dl4j = Networks.split(whole, plan("dl4j"));
    List<Double> fastLosses = train(fast, 0, 6);
    List<Double> dl4jLosses = train(dl4j, 0, 6);
    for (int i = 0; i < 6; i++) assertEquals(dl4jLosses.get(i), fastLosses.get(i), 1e-3 * dl4jLosses.get(i), "loss at step " + i);
    for (int i = 0; i < 2; i++) {
      Partition.State a = dl4j.get(i).state();
      Partition.State b = fast.get(i).state();
      assertArrayEquals(a.parameters().shape(), b.parameters().shape());
      assertArrayEquals(a.optimiser().shape(), b.optimiser().shape());
      assertEquals(a.iteration(), b.iteration());
      assertTrue(largestDifference(a.parameters(), b.parameters()) <= 0.01 * LEARNING_RATE, "parameters of partition " + i);
      assertClose(a.optimiser().toFloats(), b.optimiser().toFloats(), 1e-2, "Adam's moments of partition " + i);
    }
    // a state of either engine carries on in the other
    List<Partition> fastFromDl4j = Networks.split(whole, plan("fast"));
    List<Partition> dl4jFromFast = Networks.split(whole, plan("dl4j"));
    for (int i = 0; i < 2; i++) {
      fastFromDl4j.get(i).restore(dl4j.get(i).state());
      dl4jFromFast.get(i).restore(fast.get(i).state());
    }
    List<Double> expected = train(dl4j, 6, 3);
    assertEquals(expected.get(2), train(fastFromDl4j, 6, 3).get(2), 1e-3 * expected.get(2));
    assertEquals(expected.get(2), train(dl4jFromFast, 6, 3).get(2), 1e-3 * expected.get(2));
    for (int i = 0; i < 2; i++) {
      Tensor reference = dl4j.get(i).state().parameters();
      assertTrue(largestDifference(reference, fastFromDl4j.get(i).state().parameters()) <= 0.01 * LEARNING_RATE);
      assertTrue(largestDifference(reference, dl4jFromFast.get(i).state().parameters()) <= 0.01 * LEARNING_RATE);
    }
  }

  @Test
  void aSeededFastSplitRunRepeatsBitForBit() {
    List<Partition> first = Networks.split(whole(), plan("fast"));
    List<Partition> second = Networks.split(whole(), plan("fast"));
    assertEquals(train(first, 0, 5), train(second, 0, 5));
    for (int i = 0; i < 2; i++) assertEquals(first.get(i).state(), second.get(i).state());
  }

  @Test
  void inferenceOnALargeBatchRunsInSlicesAndMatchesDl4j() {
    MultiLayerNetwork whole = whole();
    List<Partition> fast = Networks.split(whole, plan("fast"));
    List<Partition> dl4j = Networks.split(whole, plan("dl4j"));
    train(fast, 0, 1);
    for (int i = 0; i < 2; i++) fast.get(i).restore(dl4j.get(i).state());
    INDArray x = Nd4j.rand(DataType.FLOAT, FastEngine.SLICE + 44, 144);
    INDArray expected = dl4j.get(0).output(x);
    INDArray actual = fast.get(0).output(x);
    assertArrayEquals(expected.shape(), actual.shape());
    assertClose(NdArrays.toFloats(expected), NdArrays.toFloats(actual), "device output");
  }

  @Test
  void autoPicksTheFastEngineOnlyWhereItCanTrainTheModel() {
    assertTrue(Networks.partition(plan("auto"), SEED, 1).isFast());
    NetworkPlan tanh = NetworkPlan.of(
        new ModelSpec("mlp", 20, List.of(8), 3, "tanh", "adam", 0.01).withEngine("auto"), List.of(1), List.of());
    assertFalse(Networks.partition(tanh, SEED, 0).isFast());
    NetworkPlan forced = NetworkPlan.of(tanh.model().withEngine("fast"), List.of(1), List.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Networks.partition(forced, SEED, 0));
    assertEquals("model.engine = fast cannot train activation tanh (only relu, identity)", e.getMessage());
  }

  /** Steps {@code [from, from + count)} of the chain on seeded batches (one of another size): the losses. */
  private static List<Double> train(List<Partition> parts, int from, int count) {
    List<Double> losses = new ArrayList<>();
    for (int step = from; step < from + count; step++) {
      Nd4j.getRandom().setSeed(SEED + step);
      int batch = step % 3 == 2 ? 3 : 8;
      losses.add(pass(parts, Nd4j.rand(DataType.FLOAT, batch, 144), oneHot(step, batch, 4), step).loss());
      parts.forEach(Partition::update);
    }
    return losses;
  }

  private static int offset(MultiLayerNetwork net, int layer) {
    int offset = 0;
    for (int j = 0; j < layer; j++) offset += (int) net.getLayer(j).numParams();
    return offset;
  }

  private static double largestDifference(Tensor a, Tensor b) {
    float[] x = a.toFloats();
    float[] y = b.toFloats();
    double worst = 0;
    for (int i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
    return worst;
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    assertClose(expected, actual, TOLERANCE, what);
  }

  private static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    double largest = 0;
    for (float e : expected) largest = Math.max(largest, Math.abs(e));
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, FastCnnTest.relativeError(expected[i], actual[i], FLOOR * largest));
    }
    assertTrue(worst <= tolerance, what + ": largest relative error " + worst);
  }

  private static INDArray oneHot(int step, int batch, int classes) {
    INDArray y = Nd4j.zeros(DataType.FLOAT, batch, classes);
    for (int i = 0; i < batch; i++) y.putScalar(i, (i * 31 + step) % classes, 1f);
    return y;
  }
}
