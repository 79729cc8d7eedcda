package io.edgeweave.cli;

import io.edgeweave.data.DataException;
import io.edgeweave.data.Datasets;
import io.edgeweave.data.TrainTest;
import io.edgeweave.plan.CandidateTraining;
import io.edgeweave.runtime.ScenarioDirector;
import io.edgeweave.scenario.JmsnasSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioException;
import io.edgeweave.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.List;

/** A command's scenario and data; bad input is printed, one line per problem, and gives {@code null}. */
final class Inputs {
  private Inputs() {}

  static Scenario scenario(Path file, List<String> overrides) {
    try {
      return ScenarioLoader.load(file, overrides);
    } catch (ScenarioException e) {
      e.problems().forEach(System.err::println);
      return null;
    }
  }

  static TrainTest data(Path file, Scenario scenario) {
    TrainTest data;
    try {
      data = Datasets.load(scenario.data(), scenario.model(), scenario.seed());
      ScenarioDirector.checkData(scenario, data);
    } catch (DataException e) {
      System.err.println(file + ": data: " + e.getMessage());
      return null;
    }
    if (scenario.workload() instanceof JmsnasSpec spec) {
      String problem = CandidateTraining.heldOutProblem(data.train().size(), spec.validation(), spec.confirmation());
      if (problem != null) {
        System.err.println(file + ": workload.search.validation, confirmation: " + problem);
        return null;
      }
    }
    return data;
  }
}
