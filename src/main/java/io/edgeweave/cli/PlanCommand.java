package io.edgeweave.cli;

import io.edgeweave.data.TrainTest;
import io.edgeweave.nn.Nd4jSetup;
import io.edgeweave.plan.AccuracyCache;
import io.edgeweave.plan.Architectures;
import io.edgeweave.plan.CandidateTraining;
import io.edgeweave.plan.JointSearch;
import io.edgeweave.plan.MeasuredAccuracy;
import io.edgeweave.plan.PlanReport;
import io.edgeweave.plan.PlanText;
import io.edgeweave.plan.Topology;
import io.edgeweave.scenario.JmsnasSpec;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.Scenario;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edgeweave plan FILE}: the JMSNAS plan of a scenario and the baselines it is compared with. */
@Command(
    name = "plan",
    description = "Search the architecture and multi-split of a jmsnas scenario; print the plan and the baselines.",
    footerHeading = "%nExample:%n",
    footer = "  ./edgeweave plan scenarios/jmsnas-slow-uplink.conf")
final class PlanCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "Scenario file (HOCON) with workload.type = jmsnas.")
  Path file;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a scenario key.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", description = "Also write plan.json and plan.svg (latency against accuracy) here.")
  Path out;

  @Option(names = "--candidates", description = "Also list every candidate architecture.")
  boolean listCandidates;

  @Override
  public Integer call() throws Exception {
    Scenario scenario = Inputs.scenario(file, overrides);
    if (scenario == null) return Main.BAD_INPUT;
    if (!(scenario.workload() instanceof JmsnasSpec spec)) {
      System.err.println(file + ": workload.type: plan needs a " + JmsnasSpec.TYPE + " workload, got " + scenario.workload().type());
      return Main.BAD_INPUT;
    }
    TrainTest data = Inputs.data(file, scenario);
    if (data == null) return Main.BAD_INPUT;
    CandidateTraining training = new CandidateTraining(data, spec.validation(), spec.confirmation(), spec.wire(), scenario.seed());
    Nd4jSetup.singleThreaded();
    List<ModelSpec> architectures = Architectures.of(spec, scenario.model());
    System.err.printf(Locale.ROOT, "plan: %d architectures, accuracy from %d epoch%s of training (cache %s)%n",
        architectures.size(), spec.searchEpochs(), spec.searchEpochs() == 1 ? "" : "s", spec.cache());
    if (out != null && OutputFolder.create("plan", out) == null) return Main.BAD_INPUT;
    MeasuredAccuracy accuracy =
        new MeasuredAccuracy(training, new AccuracyCache(spec.cache()), spec.searchEpochs(), line -> System.err.println("  " + line));
    JointSearch.Objective objective = new JointSearch.Objective(spec.targetAccuracy(), spec.lambdaMsPerPoint());
    JointSearch search = new JointSearch(Topology.of(scenario), spec.source(), spec.samplesPerRequest(), spec.wire(), objective);
    long start = System.nanoTime();
    JointSearch.Result result = search.run(architectures, scenario.model(), accuracy::measurement);
    double seconds = (System.nanoTime() - start) / 1e9;

    PrintStream o = System.out;
    o.printf(Locale.ROOT, "scenario %s (seed %d): requests from %s, %d sample%s each%n", scenario.name(), scenario.seed(),
        spec.source(), spec.samplesPerRequest(), spec.samplesPerRequest() == 1 ? "" : "s");
    o.printf(Locale.ROOT, "wire: %s, for every plan%n", spec.wire());
    o.printf(Locale.ROOT, "objective: latency + %s per validation accuracy point below %.4f%n", PlanText.ms(spec.lambdaMsPerPoint()),
        spec.targetAccuracy());
    o.printf(Locale.ROOT, "accuracy after %d epoch%s: selected on validation (last %d training samples), confirmed on the %d before"
        + " them, test = the %d test samples%n", spec.searchEpochs(), spec.searchEpochs() == 1 ? "" : "s", spec.validation(),
        spec.confirmation(), data.test().size());
    o.printf(Locale.ROOT, "search: %d architectures (%d trained, %d from the cache) in %.1f s%n%n",
        architectures.size(), accuracy.measured(), accuracy.cached(), seconds);
    PlanText.rows(result.rows(), o);
    o.println();
    o.println("Pareto front (latency, validation accuracy, placement):");
    PlanText.front(result.paretoFront(), o);
    if (listCandidates) {
      o.println();
      o.println("every candidate:");
      PlanText.rows(result.candidates().stream().map(c -> new JointSearch.Row("candidate", c)).toList(), o);
    }
    if (out != null) {
      PlanReport.write(out, PlanReport.document(scenario.name(), objective, spec.wire(), result));
      o.println();
      o.println("wrote " + out.resolve("plan.json") + " and " + out.resolve("plan.svg"));
    }
    if (result.chosen().isEmpty()) {
      System.err.println(file + ": no architecture of the search space fits the nodes' memory");
      return Main.RUN_FAILED;
    }
    return Main.OK;
  }
}
