package io.edgeweave.plan;

import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.tensor.Encoding;
import io.edgeweave.tensor.WireFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A candidate's accuracy measured by short real training ({@link CandidateTraining}), remembered in an
 * {@link AccuracyCache} under a key of everything that decides it: the architecture, the optimiser, the
 * epochs, the splits, the wire format, the data (a hash of its values) and the seed; a CNN's key also names the
 * engine it trains on (the fast path), an MLP's stays as it was. The search selects on
 * {@link #of} (validation); the confirmation and test figures are kept for reports only.
 */
public final class MeasuredAccuracy {
  private final CandidateTraining training;
  private final AccuracyCache cache;
  private final int epochs;
  private final Consumer<String> progress;
  private int measured;
  private int cached;

  /** @param progress told one line per candidate: its accuracy, trained or from the cache */
  public MeasuredAccuracy(CandidateTraining training, AccuracyCache cache, int epochs, Consumer<String> progress) {
    this.training = training;
    this.cache = cache;
    this.epochs = epochs;
    this.progress = progress;
  }

  /** The validation accuracy: what the search selects on. */
  public double of(ModelSpec model) {
    return measurement(model).validation();
  }

  /** Every figure of the candidate, trained now or read from the cache. */
  public Accuracy measurement(ModelSpec model) {
    String key = key(model);
    var hit = cache.get(key);
    if (hit.isPresent()) {
      cached++;
      progress.accept(String.format(Locale.ROOT, "%-28s validation accuracy %.4f (cached)", Architectures.name(model), hit.get().accuracy().validation()));
      return hit.get().accuracy();
    }
    long start = System.nanoTime();
    CandidateTraining.Trained trained = training.train(model, epochs);
    double seconds = (System.nanoTime() - start) / 1e9;
    Accuracy accuracy = training.evaluate(trained.network(), training.wire());
    cache.put(new AccuracyCache.Entry(key, accuracy, seconds));
    // the same training measured with the other activation encoding: a search that asks for it trains nothing
    for (Encoding activations : List.of(Encoding.FLOAT32, Encoding.INT8)) {
      WireFormat other = new WireFormat(training.wire().input(), activations);
      if (other.equals(training.wire())) continue;
      cache.put(new AccuracyCache.Entry(key(model, other), training.evaluate(trained.network(), other), seconds));
    }
    measured++;
    progress.accept(String.format(Locale.ROOT, "%-28s validation accuracy %.4f (trained %d epoch%s in %.1f s)",
        Architectures.name(model), accuracy.validation(), epochs, epochs == 1 ? "" : "s", seconds));
    return accuracy;
  }

  /** Candidates trained by this search. */
  public int measured() {
    return measured;
  }

  /** Candidates found in the cache. */
  public int cached() {
    return cached;
  }

  private String key(ModelSpec m) {
    return key(m, training.wire());
  }

  private String key(ModelSpec m, WireFormat wire) {
    return "jmsnas-accuracy-v2|" + m.type() + "|" + Architectures.name(m) + "|" + m.activation() + "|" + m.updater() + "|"
        + m.learningRate() + "|epochs=" + epochs + "|" + training.fingerprint(wire) + (m.convolutions().isEmpty() ? "" : "|engine=fast");
  }
}
