package io.edgeweave.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.channel.Direction;
import io.edgeweave.channel.MimoChannel;
import io.edgeweave.channel.OverTheAir;
import io.edgeweave.channel.OverTheAirMedium;
import io.edgeweave.fault.LinkConditions;
import io.edgeweave.scenario.ConvSpec;
import io.edgeweave.scenario.LayerDef;
import io.edgeweave.scenario.MimoSpec;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.NetworkPlan;
import io.edgeweave.scenario.TensorShape;
import io.edgeweave.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The proof of an over-the-air split: with a static channel and no noise, precoder → channel → combiner
 * across two partitions trains exactly like one network holding H as a frozen linear layer.
 */
class OverTheAirEquivalenceTest {
  private static final long SEED = 5;
  private static final MimoSpec CHANNEL =
      new MimoSpec(3, 4, true, MimoSpec.ChannelModel.STATIC, 0, 1, 0, 0,
          Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1e6, 1, 0, MimoSpec.Payload.ACTIVATIONS, MimoSpec.Estimation.NONE);

  @BeforeAll
  static void threads() {
    Nd4jSetup.singleThreaded();
  }

  @Test
  void thePlanPutsPrecoderAndPowerAtTheTransmitterAndTheChannelInNoPartition() {
    ModelSpec spec = new ModelSpec("mlp", 20, List.of(16, 12), 4, "relu", "adam", 0.01);
    NetworkPlan plan = NetworkPlan.of(spec, List.of(1), List.of(CHANNEL));
    assertEquals(List.of(new NetworkPlan.Range(0, 3), new NetworkPlan.Range(4, 6)), plan.partitions());
    assertTrue(plan.layers().get(1) instanceof LayerDef.Precoder p && p.dims() == 6);
    assertTrue(plan.layers().get(3) instanceof LayerDef.Channel c && c.outputDims() == 8);
    assertEquals(8, plan.partitionInput(1).size(), "the combiner takes the receive dimensions");
    assertEquals(20 * 16 + 16 + 16 * 6, plan.parameters(0));
    assertEquals(8 * 12 + 12 + 12 * 4 + 4, plan.parameters(1));
  }

  @Test
  void aNoiselessStaticChannelTrainsLikeOneNetworkWithHFrozenInside() {
    ModelSpec spec = new ModelSpec("mlp", 20, List.of(16, 12), 4, "relu", "adam", 0.01);
    NetworkPlan plan = NetworkPlan.of(spec, List.of(1), List.of(CHANNEL));
    INDArray h = OverTheAir.weights(new MimoChannel(CHANNEL, 99).at(0, 0), 1);
    MultiLayerNetwork whole = Networks.whole(plan, SEED);
    whole.getLayer(3).getParam("W").assign(h);
    List<Partition> parts = Networks.split(whole, plan);
    SplittableRandom unused = new SplittableRandom(0);
    Nd4j.getRandom().setSeed(SEED);
    for (int step = 0; step < 100; step++) {
      int batch = step % 5 == 0 ? 3 : 8;
      INDArray x = Nd4j.rand(DataType.FLOAT, batch, 20);
      INDArray y = oneHot(step, batch, 4);
      whole.fit(new DataSet(x, y));

      INDArray sent = parts.get(0).forward(x);
      INDArray received = OverTheAir.forward(sent, h, 0, unused);
      Partition.LossAndError receiver = parts.get(1).trainFromLabels(received, y);
      parts.get(0).backward(OverTheAir.backward(receiver.inputError(), 1, h, 0, 1, unused));
      parts.forEach(Partition::update);

      assertEquals(whole.score(), receiver.loss(), 0.0, "loss at step " + step);
    }
    assertArrayEquals(withoutChannel(whole, plan), concat(parts), "parameters after 100 steps");
  }

  @Test
  void aFeatureMapGoesOverTheAirPositionByPositionLikeAFrozen1x1Convolution() {
    ModelSpec cnn = new ModelSpec("cnn", 64, List.of(12), 3, "relu", "adam", 0.01,
        List.of(new ConvSpec(4, 3, 2), new ConvSpec(6, 3, 1)), new TensorShape.Grid(1, 8, 8));
    NetworkPlan plan = NetworkPlan.of(cnn, List.of(1), List.of(CHANNEL));
    assertTrue(plan.layers().get(5) instanceof LayerDef.Conv c && c.kernel() == 1 && c.filters() == 4, "combiner");
    INDArray h = OverTheAir.weights(new MimoChannel(CHANNEL, 99).at(0, 0), 1);
    MultiLayerNetwork whole = Networks.whole(plan, SEED);
    whole.getLayer(plan.partitions().get(0).to()).getParam("W").assign(h.transpose().reshape(8, 6, 1, 1));
    List<Partition> parts = Networks.split(whole, plan);
    // the link's own medium, with the tensors that messages carry
    OverTheAirMedium link = new OverTheAirMedium(new MimoChannel(CHANNEL, 99), 5);
    LinkConditions clear = new LinkConditions(1e9, 0, 0, 0, 0, 0, false, Double.NaN, 0, 0);
    Nd4j.getRandom().setSeed(SEED);
    for (int step = 0; step < 30; step++) {
      INDArray x = Nd4j.rand(DataType.FLOAT, 5, 64);
      INDArray y = oneHot(step, 5, 3);
      whole.fit(new DataSet(x, y));
      Tensor sent = Tensor.of(parts.get(0).forward(x));
      assertArrayEquals(new int[] {5, 6, 4, 4}, sent.shape(), "6 real transmit dims at each of 4×4 positions");
      Tensor received = link.carry(Direction.FORWARD, sent, 0, step, 1, clear).values();
      Partition.LossAndError receiver = parts.get(1).trainFromLabels(received.toINDArray(), y);
      Tensor errors = link.carry(Direction.BACKWARD, Tensor.of(receiver.inputError()), 0, step, 2, clear).values();
      parts.get(0).backward(errors.toINDArray());
      parts.forEach(Partition::update);
      assertEquals(whole.score(), receiver.loss(), 0.0, "loss at step " + step);
    }
    assertArrayEquals(withoutChannel(whole, plan), concat(parts), "parameters after 30 steps");
  }

  @Test
  void thePrecoderOutputHasTheTransmitPower() {
    MimoSpec twoWatts = new MimoSpec(3, 4, true, MimoSpec.ChannelModel.STATIC, 0, 1, 0, 0, 20, 20, 1e6, 2, 0, MimoSpec.Payload.ACTIVATIONS, MimoSpec.Estimation.NONE);
    ModelSpec spec = new ModelSpec("mlp", 20, List.of(16, 12), 4, "relu", "adam", 0.01);
    Partition transmitter = Networks.partition(NetworkPlan.of(spec, List.of(1), List.of(twoWatts)), SEED, 0);
    INDArray x = transmitter.forward(Nd4j.rand(DataType.FLOAT, 7, 20));
    INDArray power = x.mul(x).sum(1);
    for (int i = 0; i < 7; i++) assertEquals(2.0, power.getDouble(i), 1e-5);
  }

  private static float[] withoutChannel(MultiLayerNetwork whole, NetworkPlan plan) {
    List<INDArray> blocks = new ArrayList<>();
    for (NetworkPlan.Range r : plan.partitions()) blocks.add(Networks.parametersOf(whole, r.from(), r.to()));
    return Nd4j.concat(1, blocks.toArray(INDArray[]::new)).ravel().toFloatVector();
  }

  private static float[] concat(List<Partition> parts) {
    INDArray[] vectors = parts.stream().map(p -> p.parameters().reshape(1, p.parameters().length())).toArray(INDArray[]::new);
    return Nd4j.concat(1, vectors).ravel().toFloatVector();
  }

  private static INDArray oneHot(int step, int batch, int classes) {
    INDArray y = Nd4j.zeros(DataType.FLOAT, batch, classes);
    for (int i = 0; i < batch; i++) y.putScalar(i, (i * 31 + step) % classes, 1f);
    return y;
  }
}
