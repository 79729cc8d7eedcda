package io.edgeweave.serving;

import io.edgeweave.data.TrainTest;
import io.edgeweave.metrics.Divergence;
import io.edgeweave.plan.AccuracyCache;
import io.edgeweave.plan.Architectures;
import io.edgeweave.plan.CandidateTraining;
import io.edgeweave.plan.JointSearch;
import io.edgeweave.plan.MeasuredAccuracy;
import io.edgeweave.plan.Topology;
import io.edgeweave.scenario.JmsnasSpec;
import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.tensor.NdArrays;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a JMSNAS run does before it deploys: the joint search on the topology as it is at the start, then the
 * chosen architecture trained (in the cloud, on the training data less the validation and confirmation
 * samples) until it reaches the target accuracy on the confirmation samples, which the selection never saw,
 * or the epoch limit; its test accuracy is measured last and only reported.
 */
public final class Preparation {
  private Preparation() {}

  /**
   * @param search the joint search: candidates, choice, Pareto front, baselines
   * @param parameters the trained parameters, block (dense layer) after block, in DL4J's order
   * @param validationAccuracy after each epoch of the final training
   * @param confirmationAccuracy after each epoch of the final training: it stops once this reaches the target
   */
  public record Result(
      JointSearch.Result search,
      JointSearch.Candidate chosen,
      float[] parameters,
      List<Double> validationAccuracy,
      List<Double> confirmationAccuracy,
      double testAccuracy,
      double searchSeconds,
      double trainSeconds) {
    public ModelSpec model() {
      return chosen.model();
    }

    /** The trained parameters of blocks {@code [from, to)}: the checkpoint's part that a transfer carries. */
    public float[] parameters(int from, int to) {
      return Arrays.copyOfRange(parameters, (int) model().parameterCount(0, from), (int) model().parameterCount(0, to));
    }
  }

  /** What the preparation tells while it runs, from the thread that runs it. */
  public interface Progress {
    /**
     * A candidate's accuracy is known, trained now or read from the cache.
     *
     * @param line the candidate and its accuracy, in words
     * @param done candidates measured so far, of {@code total} (the architectures and the search's reference model)
     */
    void measured(String line, int done, int total);

    /** The search has chosen; the chosen architecture's training begins. */
    void trainingBegan(String architecture);
  }

  /**
   * @param up the nodes up at the start
   * @throws IllegalStateException if no architecture fits the nodes
   * @throws IllegalArgumentException if the validation set leaves too little to train on
   * @throws Divergence.Diverged if the chosen architecture's training diverged (and the scenario stops on it)
   */
  public static Result run(Scenario scenario, JmsnasSpec spec, TrainTest data, Topology up, Progress progress) {
    long start = System.nanoTime();
    CandidateTraining training = new CandidateTraining(data, spec.validation(), spec.confirmation(), spec.wire(), scenario.seed());
    List<ModelSpec> architectures = Architectures.of(spec, scenario.model());
    int total = architectures.size() + 1;
    AtomicInteger done = new AtomicInteger();
    MeasuredAccuracy accuracy = new MeasuredAccuracy(training, new AccuracyCache(spec.cache()), spec.searchEpochs(),
        line -> progress.measured(line, done.incrementAndGet(), total));
    JointSearch.Objective objective = new JointSearch.Objective(spec.targetAccuracy(), spec.lambdaMsPerPoint());
    JointSearch.Result search =
        new JointSearch(up, spec.source(), spec.samplesPerRequest(), spec.wire(), objective)
            .run(architectures, scenario.model(), accuracy::measurement);
    JointSearch.Candidate chosen =
        search.chosen().orElseThrow(() -> new IllegalStateException("no architecture of the search space fits the nodes' memory"));
    double searchSeconds = (System.nanoTime() - start) / 1e9;
    progress.trainingBegan(Architectures.name(chosen.model()));
    start = System.nanoTime();
    CandidateTraining.Trained trained = training.train(chosen.model(), spec.trainMaxEpochs(), spec.targetAccuracy());
    if (!trained.validationAccuracy().isEmpty() && scenario.runtime().stopsOn(trained.loss())) {
      throw new Divergence.Diverged(Divergence.message("epoch " + trained.validationAccuracy().size()
          + " of the chosen architecture's training", "loss", trained.loss(), "the cloud"));
    }
    double test = training.testAccuracy(trained.network());
    return new Result(search, chosen, NdArrays.toFloats(trained.network().params()), trained.validationAccuracy(),
        trained.confirmationAccuracy(), test, searchSeconds, (System.nanoTime() - start) / 1e9);
  }
}
