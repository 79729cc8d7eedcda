package io.edgeweave.nn.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.data.OneHot;
import io.edgeweave.nn.Nd4jSetup;
import io.edgeweave.tensor.NdArrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

public class FastCnnTest {
  private static final double TOLERANCE = 1e-4;
  /** Below this fraction of its layer's largest gradient entry, an entry's error is relative to that fraction. */
  private static final double FLOOR = 1e-2;

  @BeforeAll
  static void singleThreaded() {
    Nd4jSetup.singleThreaded();
  }

  /** 3×3 same and valid convolutions, a bias-free identity 1×1 convolution (a precoder), three input channels. */
  private static CnnSpec small() {
    return new CnnSpec(
        10, 10, 3,
        List.of(
            new CnnSpec.Conv(4, 3, true, true, true),
            new CnnSpec.Conv(6, 1, true, false, false),
            new CnnSpec.MaxPool(2),
            new CnnSpec.Conv(5, 3, false, true, true),
            new CnnSpec.Dense(7, true),
            new CnnSpec.Output(3)));
  }

  @Test
  void lenetLossAndGradientMatchDl4j() {
    assertSameLossAndGradient(CnnSpec.lenet(), 6);
  }

  @Test
  void oacCnnLossAndGradientMatchDl4j() {
    assertSameLossAndGradient(CnnSpec.oacCnn(), 6);
  }

  @Test
  void threeByThreeSameAndValidWithSeveralChannelsMatchDl4j() {
    assertSameLossAndGradient(small(), 5);
  }

  /** Five Adam steps from the same weights on the same batches end within 1% of one step (lr) of DL4J's parameters. */
  @Test
  void adamStepsFollowDl4jsTrajectory() {
    CnnSpec spec = CnnSpec.lenet();
    int batch = 8;
    double learningRate = 1e-3;
    MultiLayerNetwork net = new MultiLayerNetwork(spec.dl4j(5, learningRate));
    net.init();
    FastCnn fast = new FastCnn(spec, batch, learningRate);
    fast.setDl4jParameters(NdArrays.toFloats(net.params()));
    for (int step = 0; step < 5; step++) {
      Batch data = batch(spec, batch, 100 + step);
      net.fit(data.dl4jFeatures(spec), OneHot.encode(data.labels, 10));
      fast.fit(data.features, data.labels, batch);
    }
    assertEquals(5, fast.iteration());
    float[] expected = NdArrays.toFloats(net.params());
    float[] actual = fast.dl4jParameters();
    double worst = 0;
    for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
    assertTrue(worst <= 0.01 * learningRate, "largest parameter difference after 5 steps " + worst);
  }

  @Test
  void aSeededRunIsDeterministic() {
    CnnSpec spec = small();
    float[] first = train(spec);
    assertArrayEquals(first, train(spec));
  }

  private static float[] train(CnnSpec spec) {
    MultiLayerNetwork net = new MultiLayerNetwork(spec.dl4j(9, 1e-2));
    net.init();
    FastCnn fast = new FastCnn(spec, 16, 1e-2);
    fast.setDl4jParameters(NdArrays.toFloats(net.params()));
    for (int step = 0; step < 4; step++) {
      Batch data = batch(spec, 16 - step, step);
      fast.fit(data.features, data.labels, 16 - step);
    }
    return fast.dl4jParameters();
  }

  private static void assertSameLossAndGradient(CnnSpec spec, int batch) {
    Batch data = batch(spec, batch, 3);
    MultiLayerNetwork net = new MultiLayerNetwork(spec.dl4j(42, 1e-3));
    net.init();
    FastCnn fast = new FastCnn(spec, batch, 1e-3);
    fast.setDl4jParameters(NdArrays.toFloats(net.params()));

    net.setInput(data.dl4jFeatures(spec));
    net.setLabels(OneHot.encode(data.labels, classes(spec)));
    net.computeGradientAndScore();
    float[] expected = NdArrays.toFloats(net.gradient().gradient());
    double loss = fast.computeGradient(data.features, data.labels, batch);
    float[] actual = fast.dl4jGradient();

    assertEquals(net.score(), loss, TOLERANCE * net.score(), "loss");
    double worst = 0;
    int from = 0;
    for (int layer = 0; layer < net.getnLayers(); layer++) {
      int to = from + (int) net.getLayer(layer).numParams();
      double largest = 0;
      for (int i = from; i < to; i++) largest = Math.max(largest, Math.abs(expected[i] / batch));
      for (int i = from; i < to; i++) {
        double e = relativeError(expected[i] / batch, actual[i], FLOOR * largest);
        worst = Math.max(worst, e);
      }
      from = to;
    }
    assertTrue(worst <= TOLERANCE, "largest relative gradient error " + worst);
  }

  /**
   * |a − b| relative to the larger of the two, or to {@code floor} when both are smaller: entries that
   * nearly cancel out carry float32 rounding noise of the order of the layer's largest terms.
   */
  public static double relativeError(double a, double b, double floor) {
    double scale = Math.max(floor, Math.max(Math.abs(a), Math.abs(b)));
    return scale == 0 ? 0 : Math.abs(a - b) / scale;
  }
  private static int classes(CnnSpec spec) {
    return ((CnnSpec.Output) spec.layers().get(spec.layers().size() - 1)).classes();
  }

  /** Random images (channels last) and labels. */
  record Batch(float[] features, int[] labels, int height, int width, int channels) {
    /** The same images flattened channels first, as DL4J's convolutional input expects. */
    INDArray dl4jFeatures(CnnSpec spec) {
      int pixels = height * width;
      int batch = labels.length;
      float[] nchw = new float[features.length];
      for (int b = 0; b < batch; b++) {
        for (int p = 0; p < pixels; p++) {
          for (int c = 0; c < channels; c++) nchw[(b * channels + c) * pixels + p] = features[(b * pixels + p) * channels + c];
        }
      }
      return NdArrays.fromFloats(nchw, batch, (long) pixels * channels);
    }
  }

  static Batch batch(CnnSpec spec, int size, long seed) {
    Random random = new Random(seed);
    float[] x = new float[size * spec.height() * spec.width() * spec.channels()];
    for (int i = 0; i < x.length; i++) x[i] = random.nextFloat();
    int[] y = new int[size];
    for (int i = 0; i < size; i++) y[i] = random.nextInt(classes(spec));
    return new Batch(x, y, spec.height(), spec.width(), spec.channels());
  }
}
