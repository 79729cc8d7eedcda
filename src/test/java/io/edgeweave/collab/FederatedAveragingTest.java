package io.edgeweave.collab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgeweave.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class FederatedAveragingTest {
  private static final Tensor GLOBAL = Tensor.of(new int[] {1, 3}, new float[] {0, 0, 0});

  private static DeviceUpdate update(int device, int samples, float... values) {
    return new DeviceUpdate(0, device, Tensor.of(new int[] {1, 3}, values), samples, 1, 0, 0, 0, 0);
  }

  @Test
  void weightsEachModelByItsSamples() {
    Tensor next = new FederatedAveraging().aggregate(GLOBAL, List.of(update(0, 1, 1, 2, 3), update(1, 3, 5, 6, 7)));

    assertArrayEquals(new float[] {4, 5, 6}, next.toFloats());
    assertArrayEquals(new int[] {1, 3}, next.shape());
  }

  @Test
  void oneUpdateComesBackBitForBit() {
    float[] values = {0.1f, -3.3333333f, 1e-30f};
    Tensor next = new FederatedAveraging().aggregate(GLOBAL, List.of(update(4, 37, values)));

    assertArrayEquals(values, next.toFloats());
  }

  @Test
  void noUpdateKeepsTheModelAndAWrongSizeIsRefused() {
    assertSame(GLOBAL, new FederatedAveraging().aggregate(GLOBAL, List.of()));
    DeviceUpdate wrong = new DeviceUpdate(0, 1, Tensor.of(new int[] {2}, new float[] {1, 2}), 1, 1, 0, 0, 0, 0);
    assertThrows(IllegalArgumentException.class, () -> new FederatedAveraging().aggregate(GLOBAL, List.of(wrong)));
  }
}
