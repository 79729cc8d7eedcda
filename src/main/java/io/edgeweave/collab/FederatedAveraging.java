package io.edgeweave.collab;

import io.edgeweave.tensor.Tensor;
import java.util.List;

/**
 * Federated averaging (McMahan et al., 2017): the next model is the mean of the devices' models weighted by
 * their training samples. Sums in double precision in device order, so one seed gives one model whatever
 * the order in which updates arrived; a single update comes back bit for bit.
 */
public final class FederatedAveraging implements Aggregation {
  @Override
  public Tensor aggregate(Tensor global, List<DeviceUpdate> updates) {
    if (updates.isEmpty()) return global;
    double[] sum = new double[global.size()];
    long samples = 0;
    for (DeviceUpdate update : updates) {
      float[] values = update.parameters().toFloats();
      if (values.length != sum.length) {
        throw new IllegalArgumentException("device " + update.device() + " sent " + values.length
            + " parameters, the model has " + sum.length);
      }
      for (int i = 0; i < sum.length; i++) sum[i] += update.samples() * (double) values[i];
      samples += update.samples();
    }
    float[] mean = new float[sum.length];
    for (int i = 0; i < sum.length; i++) mean[i] = (float) (sum[i] / samples);
    return Tensor.of(global.shape(), mean);
  }

  /** A multiply-add per parameter and update, and a division per parameter. */
  @Override
  public long flops(int parameters, int updates) {
    return 2L * parameters * updates + parameters;
  }
}
