package io.edgeweave.genai;

import io.edgeweave.data.BatchSampler;
import io.edgeweave.data.Dataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The classifier that judges generated images: a small CNN (two 5×5 convolutions with 2×2 max pooling, a
 * dense feature layer, softmax) trained on the real training images. Its feature layer is the space of the
 * Fréchet distance; its prediction gives class fidelity. Training takes a minute or two on 2 cores (DL4J's
 * CNNs are slow there), so the trained weights are cached on disk under a key of everything that
 * determines them: architecture, settings, seed and a fingerprint of the training data.
 */
public final class Referee {
  private static final int SIDE = 28;
  private static final int FEATURE_LAYER = 4;

  /**
   * @param channels output channels of the two convolutions
   * @param features width of the dense feature layer
   */
  public record Settings(List<Integer> channels, int features, int epochs, int batchSize, double learningRate) {
    public Settings {
      channels = List.copyOf(channels);
      if (channels.size() != 2) throw new IllegalArgumentException("the referee has two convolutions, got " + channels);
    }
  }

  private final MultiLayerNetwork net;
  private final double testAccuracy;
  private final boolean fromCache;

  private Referee(MultiLayerNetwork net, double testAccuracy, boolean fromCache) {
    this.net = net;
    this.testAccuracy = testAccuracy;
    this.fromCache = fromCache;
  }

  /**
   * The referee for these data, settings and seed: loaded from {@code cacheDirectory} if it was trained
   * before, else trained and saved there (atomically, so concurrent runs never see half a file).
   */
  public static Referee trainOrLoad(Dataset train, Dataset test, Settings settings, long seed, Path cacheDirectory) {
    if (train.features() != SIDE * SIDE) {
      throw new IllegalArgumentException("the referee judges 28×28 images, got " + train.features() + " features");
    }
    Path file = cacheDirectory.resolve("referee-" + key(train, settings, seed) + ".zip");
    try {
      if (Files.isRegularFile(file)) {
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
        return new Referee(net, accuracy(net, test), true);
      }
      MultiLayerNetwork net = train(train, settings, seed);
      Files.createDirectories(cacheDirectory);
      Path partial = Files.createTempFile(cacheDirectory, "referee-", ".partial");
      ModelSerializer.writeModel(net, partial.toFile(), false);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return new Referee(net, accuracy(net, test), false);
    } catch (IOException e) {
      throw new UncheckedIOException("referee cache " + file + ": " + e.getMessage(), e);
    }
  }

  private static MultiLayerNetwork train(Dataset train, Settings s, long seed) {
    MultiLayerNetwork net = new MultiLayerNetwork(configuration(s, seed, train.classes()));
    net.init();
    int[] all = IntStream.range(0, train.size()).toArray();
    BatchSampler batches = new BatchSampler(all, s.batchSize(), new SplittableRandom(seed).nextLong());
    long steps = (long) s.epochs() * ((train.size() + s.batchSize() - 1) / s.batchSize());
    for (long step = 0; step < steps; step++) {
      int[] batch = batches.batch(step);
      net.fit(new DataSet(train.features(batch), train.oneHotLabels(batch)));
    }
    return net;
  }

  private static MultiLayerConfiguration configuration(Settings s, long seed, int classes) {
    return new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .weightInit(WeightInit.RELU)
        .updater(new Adam(s.learningRate()))
        .cacheMode(CacheMode.DEVICE)
        .trainingWorkspaceMode(WorkspaceMode.ENABLED)
        .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
        .list()
        .layer(new ConvolutionLayer.Builder(5, 5).nOut(s.channels().get(0)).activation(Activation.RELU).build())
        .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
        .layer(new ConvolutionLayer.Builder(5, 5).nOut(s.channels().get(1)).activation(Activation.RELU).build())
        .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
        .layer(new DenseLayer.Builder().nOut(s.features()).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .nOut(classes).activation(Activation.SOFTMAX).build())
        .setInputType(InputType.convolutionalFlat(SIDE, SIDE, 1))
        .build();
  }

  /** A hex key of everything that determines the trained weights. */
  static String key(Dataset train, Settings s, long seed) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      String description = String.format(Locale.ROOT, "referee-v1|%s|%d|%d|%d|%s|%d|%d|%d",
          s.channels(), s.features(), s.epochs(), s.batchSize(), Double.toString(s.learningRate()), seed,
          train.size(), train.classes());
      digest.update(description.getBytes(StandardCharsets.UTF_8));
      float[] x = train.x();
      java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(4 * 4096);
      for (int i = 0; i < x.length; i += 4096) {
        chunk.clear();
        for (int j = i; j < Math.min(x.length, i + 4096); j++) chunk.putFloat(x[j]);
        digest.update(chunk.array(), 0, chunk.position());
      }
      for (int label : train.y()) digest.update((byte) label);
      return HexFormat.of().formatHex(digest.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double accuracy(MultiLayerNetwork net, Dataset test) {
    int[] all = IntStream.range(0, test.size()).toArray();
    int[] predicted = predict(net, test.features(all));
    int correct = 0;
    for (int i = 0; i < predicted.length; i++) if (predicted[i] == test.y()[i]) correct++;
    return (double) correct / Math.max(1, predicted.length);
  }

  private static int[] predict(MultiLayerNetwork net, INDArray images) {
    INDArray p = net.output(images, false);
    return p.argMax(1).toIntVector();
  }

  /** Its accuracy on the test set. */
  public double testAccuracy() {
    return testAccuracy;
  }

  /** Whether it was loaded from the cache rather than trained in this run. */
  public boolean fromCache() {
    return fromCache;
  }

  public int featureWidth() {
    return (int) net.getLayer(FEATURE_LAYER).getParam("b").length();
  }

  /**
   * The feature-layer activations of images ({@code n × 784}, pixels in [0, 1]), outside any workspace (DL4J
   * runs its own).
   */
  public synchronized INDArray features(INDArray images) {
    try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      List<INDArray> activations = net.feedForwardToLayer(FEATURE_LAYER, images.castTo(DataType.FLOAT), false);
      return activations.get(activations.size() - 1).dup();
    }
  }

  /** The predicted class of each image. */
  public synchronized int[] classify(INDArray images) {
    try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      return predict(net, images.castTo(DataType.FLOAT));
    }
  }
}
