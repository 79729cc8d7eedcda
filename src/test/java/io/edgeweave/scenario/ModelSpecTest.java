package io.edgeweave.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

  private static ModelSpec mlp(String updater) {
    return new ModelSpec("mlp", 784, List.of(256, 128), 10, "relu", updater, 0.001);
  }

  @Test
  void countsWeightsAndBiasesPerLayer() {
    ModelSpec m = mlp("adam");
    assertEquals(3, m.layerCount());
    assertEquals(784 * 256 + 256, m.layerParameters(0));
    assertEquals(256 * 128 + 128, m.layerParameters(1));
    assertEquals(128 * 10 + 10, m.layerParameters(2));
    assertEquals(235_146, m.parameterCount(0, 3));
    assertEquals(m.layerParameters(1), m.parameterCount(1, 2));
  }

  @Test
  void trainingBytesIncludeOptimiserState() {
    long parameters = mlp("sgd").parameterCount(0, 3);
    assertEquals(parameters * 4, mlp("sgd").trainingBytes(0, 3));
    assertEquals(parameters * 8, mlp("nesterovs").trainingBytes(0, 3));
    assertEquals(parameters * 12, mlp("adam").trainingBytes(0, 3));
  }

  @Test
  void aModelWithoutHiddenLayersIsOneOutputLayer() {
    ModelSpec logistic = new ModelSpec("mlp", 4, List.of(), 3, "relu", "sgd", 0.1);
    assertEquals(1, logistic.layerCount());
    assertEquals(4 * 3 + 3, logistic.layerParameters(0));
  }
}
