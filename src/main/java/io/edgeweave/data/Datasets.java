package io.edgeweave.data;

import io.edgeweave.scenario.DataSpec;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.Seeds;

/** The training and test data a scenario asks for. */
public final class Datasets {
  private Datasets() {}

  /** @throws DataException when a file is missing or corrupt, or the data does not fit the model */
  public static TrainTest load(DataSpec spec, ModelSpec model, long seed) {
    TrainTest data =
        switch (spec.source()) {
          case SYNTHETIC -> SyntheticDataset.generate(
              Seeds.derive(seed, "synthetic-data"), spec.syntheticTrain(), spec.syntheticTest(), model.inputs(), model.classes());
          case IDX -> IdxDataset.load(spec.directory(), spec.trainLimit(), spec.testLimit());
        };
    if (data.train().features() != model.inputs() || data.train().classes() != model.classes()) {
      throw new DataException(
          data.train().name() + ": samples have " + data.train().features() + " features and " + data.train().classes()
              + " classes, the model expects " + model.inputs() + " and " + model.classes());
    }
    return data;
  }
}
