package io.edgeweave.plan;

import io.edgeweave.data.BatchSampler;
import io.edgeweave.data.Dataset;
import io.edgeweave.data.OneHot;
import io.edgeweave.data.TrainTest;
import io.edgeweave.nn.Networks;
import io.edgeweave.nn.fast.CnnSpec;
import io.edgeweave.nn.fast.FastCnn;
import io.edgeweave.scenario.ConvSpec;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.Seeds;
import io.edgeweave.scenario.TensorShape;
import io.edgeweave.tensor.EncodedTensor;
import io.edgeweave.tensor.NdArrays;
import io.edgeweave.tensor.WireFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Real, seeded training of a candidate architecture on three disjoint parts of the training set: the last
 * {@code validation} samples measure the accuracy the search selects on, the {@code confirmation} samples
 * before them confirm that the chosen model reaches the target, and the others train, one batch after
 * another, epoch by epoch. The test set is only ever reported. Every candidate sees the same batches in the
 * same order and starts from weights drawn from the same seed, so one seed gives one accuracy, and a longer
 * training repeats a shorter one's first epochs.
 *
 * <p>Accuracy is measured as the network would serve split over links: the input and every block's output
 * go through the wire format's encoding ({@link EncodedTensor#roundTrip}). With int8 activations this
 * quantises at every block boundary, more often than any one placement does, so the figure is a lower bound
 * of what a deployment serves.
 */
public final class CandidateTraining {
  /** Samples per training batch. */
  public static final int BATCH = 128;
  private static final int EVALUATION_BATCH = 1000;

  private final TrainTest data;
  private final WireFormat wire;
  private final int[] trainIndices;
  private final int[] confirmationIndices;
  private final int[] validationIndices;
  private final long seed;

  /** @throws IllegalArgumentException if the held-out samples leave fewer than one batch to train on */
  public CandidateTraining(TrainTest data, int validation, int confirmation, WireFormat wire, long seed) {
    String problem = heldOutProblem(data.train().size(), validation, confirmation);
    if (problem != null) throw new IllegalArgumentException(problem);
    int n = data.train().size();
    this.data = data;
    this.wire = wire;
    this.trainIndices = IntStream.range(0, n - validation - confirmation).toArray();
    this.confirmationIndices = IntStream.range(n - validation - confirmation, n - validation).toArray();
    this.validationIndices = IntStream.range(n - validation, n).toArray();
    this.seed = seed;
  }

  /** Why holding out {@code validation + confirmation} of {@code trainSize} samples does not work, or null if it does. */
  public static String heldOutProblem(int trainSize, int validation, int confirmation) {
    if (trainSize - validation - confirmation >= BATCH) return null;
    return "holding out " + validation + " + " + confirmation + " of " + trainSize
        + " training samples for validation and confirmation leaves fewer than one batch (" + BATCH + ") to train on";
  }

  /** The wire format accuracy is measured with. */
  public WireFormat wire() {
    return wire;
  }

  /** What identifies the data, the splits, the encoding and the schedule in a cache key. */
  public String fingerprint() {
    return fingerprint(wire);
  }

  /** The fingerprint of the same training measured with another wire format. */
  public String fingerprint(WireFormat wire) {
    return "train=" + trainIndices.length + ",confirmation=" + confirmationIndices.length + ",validation=" + validationIndices.length
        + ",batch=" + BATCH + ",seed=" + seed + ",wire=" + wire.input().label() + "/" + wire.activations().label()
        + ",data=" + Long.toHexString(hash(data.train())) + "/" + Long.toHexString(hash(data.test()));
  }

  /** Indices into the training set: the samples that train, that confirm, that validate (disjoint, in this order). */
  public int[] trainIndices() {
    return trainIndices.clone();
  }

  public int[] confirmationIndices() {
    return confirmationIndices.clone();
  }

  public int[] validationIndices() {
    return validationIndices.clone();
  }

  /**
   * A trained network and its accuracy after each epoch on the validation and the confirmation samples.
   *
   * @param loss the loss of its last training batch (NaN if it trained none)
   */
  public record Trained(
      MultiLayerNetwork network, List<Double> validationAccuracy, List<Double> confirmationAccuracy, double loss) {
    public double finalAccuracy() {
      return validationAccuracy.get(validationAccuracy.size() - 1);
    }
  }

  /** Trains {@code model} for {@code epochs} epochs. */
  public Trained train(ModelSpec model, int epochs) {
    return train(model, epochs, Double.POSITIVE_INFINITY);
  }

  /**
   * Trains {@code model} epoch by epoch until its accuracy on the confirmation samples reaches {@code target},
   * at most {@code maxEpochs} epochs.
   */
  public Trained train(ModelSpec model, int maxEpochs, double target) {
    MultiLayerNetwork net = Networks.whole(model, Seeds.derive(seed, "jmsnas/weights"));
    Fast fast = model.convolutions().isEmpty() ? null : new Fast(model, net);
    BatchSampler batches = new BatchSampler(trainIndices, BATCH, Seeds.derive(seed, "jmsnas/batches"));
    int stepsPerEpoch = trainIndices.length / BATCH;
    List<Double> validation = new ArrayList<>();
    List<Double> confirmation = new ArrayList<>();
    double loss = Double.NaN;
    for (int epoch = 0; epoch < maxEpochs && (confirmation.isEmpty() || confirmation.get(confirmation.size() - 1) < target); epoch++) {
      for (int step = epoch * stepsPerEpoch; step < (epoch + 1) * stepsPerEpoch; step++) {
        int[] batch = batches.batch(step);
        if (fast != null) {
          loss = fast.fit(data.train(), batch);
        } else {
          net.fit(data.train().features(batch), OneHot.encode(data.train().labels(batch), model.classes()));
          loss = net.score();
        }
      }
      if (fast != null) fast.copyTo(net);
      validation.add(accuracy(net, data.train(), validationIndices));
      confirmation.add(accuracy(net, data.train(), confirmationIndices));
    }
    return new Trained(net, validation, confirmation, validation.isEmpty() ? Double.NaN : loss);
  }

  /**
   * A CNN candidate trained on the fast path ({@link FastCnn}), which computes what DL4J's network of the same
   * layers computes, from the DL4J network's initial weights; the trained weights go back in DL4J's order, so
   * evaluation and serving use the DL4J network.
   */
  private static final class Fast {
    private final FastCnn cnn;
    private final TensorShape.Grid image;
    private final float[] features;

    Fast(ModelSpec model, MultiLayerNetwork initial) {
      image = model.image();
      List<CnnSpec.Layer> layers = new ArrayList<>();
      for (ConvSpec c : model.convolutions()) {
        layers.add(new CnnSpec.Conv(c.filters(), c.kernel(), true, true, true));
        if (c.pool() > 1) layers.add(new CnnSpec.MaxPool(c.pool()));
      }
      for (int width : model.hidden()) layers.add(new CnnSpec.Dense(width, true));
      layers.add(new CnnSpec.Output(model.classes()));
      cnn = new FastCnn(new CnnSpec(image.height(), image.width(), image.channels(), layers), BATCH, model.learningRate());
      cnn.setDl4jParameters(NdArrays.toFloats(initial.params()));
      features = new float[BATCH * image.size()];
    }

    /** One Adam step on the {@code rows} of {@code d}; the loss before it. */
    double fit(Dataset d, int[] rows) {
      int positions = image.positions();
      int channels = image.channels();
      for (int i = 0; i < rows.length; i++) {
        int from = rows[i] * d.features();
        int to = i * image.size();
        // DL4J's flat images are channels first, the fast path's channels last
        for (int c = 0; c < channels; c++) {
          for (int p = 0; p < positions; p++) features[to + p * channels + c] = d.x()[from + c * positions + p];
        }
      }
      return cnn.fit(features, d.labels(rows), rows.length);
    }

    void copyTo(MultiLayerNetwork net) {
      net.setParams(Nd4j.createFromArray(cnn.dl4jParameters()).reshape(net.params().shape()));
    }
  }

  /** Accuracy on the test set, which no training, selection or confirmation has seen. */
  public double testAccuracy(MultiLayerNetwork net) {
    return testAccuracy(net, wire);
  }

  /** A trained network's accuracy on each split, measured with {@code wire} (training does not depend on it). */
  public Accuracy evaluate(MultiLayerNetwork net, WireFormat wire) {
    return new Accuracy(accuracy(net, data.train(), validationIndices, wire), accuracy(net, data.train(), confirmationIndices, wire),
        testAccuracy(net, wire));
  }

  private double testAccuracy(MultiLayerNetwork net, WireFormat wire) {
    return accuracy(net, data.test(), IntStream.range(0, data.test().size()).toArray(), wire);
  }

  private double accuracy(MultiLayerNetwork net, Dataset d, int[] rows) {
    return accuracy(net, d, rows, wire);
  }

  /** Share of {@code rows} of {@code d} classified right, every block boundary crossing {@code wire}. */
  private static double accuracy(MultiLayerNetwork net, Dataset d, int[] rows, WireFormat wire) {
    int correct = 0;
    int layers = net.getnLayers();
    MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
    for (int start = 0; start < rows.length; start += EVALUATION_BATCH) {
      int[] batch = Arrays.copyOfRange(rows, start, Math.min(rows.length, start + EVALUATION_BATCH));
      INDArray x = EncodedTensor.roundTrip(wire.input(), NdArrays.fromRows(d.x(), d.features(), batch));
      for (int layer = 0; layer < layers; layer++) {
        InputPreProcessor reshape = conf.getInputPreProcess(layer);
        if (reshape != null) x = reshape.preProcess(x, batch.length, LayerWorkspaceMgr.noWorkspaces());
        x = net.getLayer(layer).activate(x, false, LayerWorkspaceMgr.noWorkspaces());
        // a block ends here unless a pooling of the same convolution block follows
        boolean blockEnds = layer + 1 == layers || !(conf.getConf(layer + 1).getLayer() instanceof SubsamplingLayer);
        if (blockEnds) x = EncodedTensor.roundTrip(wire.activations(), x);
      }
      INDArray predicted = x.argMax(1);
      for (int i = 0; i < batch.length; i++) {
        if (predicted.getInt(i) == d.y()[batch[i]]) correct++;
      }
    }
    return rows.length == 0 ? 0 : (double) correct / rows.length;
  }

  private static long hash(Dataset d) {
    long h = Seeds.derive(d.size(), d.name());
    for (float v : d.x()) h = h * 0x9E3779B97F4A7C15L + Float.floatToIntBits(v);
    for (int y : d.y()) h = h * 0x9E3779B97F4A7C15L + y;
    return Seeds.derive(h, "fingerprint");
  }
}
