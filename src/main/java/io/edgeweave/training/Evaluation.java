package io.edgeweave.training;

import io.edgeweave.data.Dataset;
import io.edgeweave.nn.Networks;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.tensor.NdArrays;
import io.edgeweave.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Test accuracy of a split model, from the parameters its partitions report. */
public final class Evaluation {
  private static final int BATCH = 1000;

  private Evaluation() {}

  /** Reassembles the whole network from partition parameters (in path order) and measures accuracy. */
  public static double accuracy(ModelSpec spec, List<Tensor> partitionParameters, Dataset test) {
    int total = partitionParameters.stream().mapToInt(Tensor::size).sum();
    float[] all = new float[total];
    int at = 0;
    for (Tensor t : partitionParameters) {
      float[] values = t.toFloats();
      System.arraycopy(values, 0, all, at, values.length);
      at += values.length;
    }
    MultiLayerNetwork net = Networks.whole(spec, 0);
    net.setParams(NdArrays.fromFloats(all, 1, total));
    return accuracy(net, test);
  }

  public static double accuracy(MultiLayerNetwork net, Dataset test) {
    int correct = 0;
    int f = test.features();
    for (int start = 0; start < test.size(); start += BATCH) {
      int end = Math.min(test.size(), start + BATCH);
      float[] rows = Arrays.copyOfRange(test.x(), start * f, end * f);
      INDArray predicted = net.output(NdArrays.fromFloats(rows, end - start, f)).argMax(1);
      for (int i = start; i < end; i++) {
        if (predicted.getInt(i - start) == test.y()[i]) correct++;
      }
    }
    return test.size() == 0 ? 0 : (double) correct / test.size();
  }
}
