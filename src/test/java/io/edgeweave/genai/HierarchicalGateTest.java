package io.edgeweave.genai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class HierarchicalGateTest {
  @Test
  void topKTakesTheLargestScoresLargestFirstAndBreaksTiesByIndex() {
    double[] scores = {3, 9, 1, 9, 5, 0};
    assertArrayEquals(new int[] {1}, HierarchicalGate.topK(scores, 1));
    assertArrayEquals(new int[] {1, 3, 4}, HierarchicalGate.topK(scores, 3));
    assertArrayEquals(new int[] {1, 3, 4, 0, 2, 5}, HierarchicalGate.topK(scores, 6));
    assertThrows(IllegalArgumentException.class, () -> HierarchicalGate.topK(scores, 0));
    assertThrows(IllegalArgumentException.class, () -> HierarchicalGate.topK(scores, 7));
  }

  @Test
  void eachCategorySelectsTheExpertsHoldingMostOfItsClasses() {
    TaskCategories categories = new TaskCategories(List.of(
        new TaskCategories.Category("tops", List.of(0, 2)),
        new TaskCategories.Category("shoes", List.of(1, 3))), 4);
    long[][] counts = {
        {50, 0, 40, 0},   // expert 0: tops only, 90
        {0, 70, 0, 10},   // expert 1: shoes, 80
        {30, 30, 30, 30}, // expert 2: both, 60 each
        {5, 0, 0, 85}};   // expert 3: tops 5, shoes 85
    HierarchicalGate gate = HierarchicalGate.fromCounts(categories, counts, 2, DataType.DOUBLE);
    assertEquals(0, gate.category(2));
    assertEquals(1, gate.category(3));
    assertArrayEquals(new int[] {0, 2}, gate.selected(0));
    assertArrayEquals(new int[] {3, 1}, gate.selected(1));

    INDArray w = gate.weights(new int[] {0, 2, 0});
    assertArrayEquals(new long[] {3, 2}, w.shape());
    for (int r = 0; r < 3; r++) assertEquals(1.0, w.getRow(r).sumNumber().doubleValue(), 1e-12);
    // class 0: experts 0 and 2 hold 50 and 30 samples → weights ∝ 51 and 31
    assertEquals(51.0 / 82, w.getDouble(0, 0), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> gate.weights(new int[] {0, 1}));
  }

  @Test
  void aClassOutsideEveryCategoryIsNotServed() {
    TaskCategories categories = new TaskCategories(List.of(new TaskCategories.Category("a", List.of(1))), 3);
    HierarchicalGate gate = HierarchicalGate.fromCounts(categories, new long[][] {{1, 2, 3}}, 1, DataType.DOUBLE);
    assertEquals(-1, gate.category(0));
    assertThrows(IllegalArgumentException.class, () -> gate.weights(new int[] {0}));
  }
}
