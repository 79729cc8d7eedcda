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

  private static Tensor aggregate(List<DeviceUpdate> updates) {
    Aggregation.Round round = new FederatedAveraging().start(GLOBAL);
    updates.forEach(round::add);
    return round.finish();
  }

  @Test
  void weightsEachModelByItsSamples() {
    Tensor next = aggregate(List.of(update(0, 1, 1, 2, 3), update(1, 3, 5, 6, 7)));

    assertArrayEquals(new float[] {4, 5, 6}, next.toFloats());
    assertArrayEquals(new int[] {1, 3}, next.shape());
  }

  @Test
  void oneUpdateComesBackBitForBit() {
    float[] values = {0.1f, -3.3333333f, 1e-30f};

    assertArrayEquals(values, aggregate(List.of(update(4, 37, values))).toFloats());
  }

  @Test
  void theOrderOfArrivalDoesNotChangeABit() {
    DeviceUpdate a = update(0, 7, 1e8f, 0.1f, -2.5e-7f);
    DeviceUpdate b = update(1, 3, 1f, 0.3f, 1.5e-7f);
    DeviceUpdate c = update(2, 11, -1e8f, 0.7f, 3e-9f);

    Tensor abc = aggregate(List.of(a, b, c));
    assertArrayEquals(abc.toFloats(), aggregate(List.of(c, a, b)).toFloats());
    assertArrayEquals(abc.toFloats(), aggregate(List.of(b, c, a)).toFloats());
  }

  @Test
  void noUpdateKeepsTheModelAndAWrongSizeIsRefused() {
    assertSame(GLOBAL, aggregate(List.of()));
    DeviceUpdate wrong = new DeviceUpdate(0, 1, Tensor.of(new int[] {2}, new float[] {1, 2}), 1, 1, 0, 0, 0, 0);
    assertThrows(IllegalArgumentException.class, () -> new FederatedAveraging().start(GLOBAL).add(wrong));
  }
}
