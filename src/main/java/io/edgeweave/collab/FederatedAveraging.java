package io.edgeweave.collab;

import io.edgeweave.tensor.Tensor;

/**
 * Federated averaging (McMahan et al., 2017): the next model is the mean of the devices' models weighted by
 * their training samples. The weighted sum is exact ({@link ExactWeightedSum}), so one seed gives one model whatever
 * the order in which updates arrive, and updates are folded in on arrival; a single update comes back bit for bit.
 */
public final class FederatedAveraging implements Aggregation {
  @Override
  public Round start(Tensor global) {
    ExactWeightedSum sum = new ExactWeightedSum(global.size());
    return new Round() {
      private boolean any;

      @Override
      public void add(DeviceUpdate update) {
        if (update.parameters().size() != sum.size()) {
          throw new IllegalArgumentException("device " + update.device() + " sent " + update.parameters().size()
              + " parameters, the model has " + sum.size());
        }
        sum.add(update.samples(), update.parameters().values());
        any = true;
      }

      @Override
      public Tensor finish() {
        return any ? Tensor.of(global.shape(), sum.divideBy(sum.totalWeight())) : global;
      }
    };
  }

  /** A multiply-add per parameter and update, and a division per parameter. */
  @Override
  public long flops(int parameters, int updates) {
    return 2L * parameters * updates + parameters;
  }
}
