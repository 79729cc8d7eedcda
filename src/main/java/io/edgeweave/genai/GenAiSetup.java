package io.edgeweave.genai;

import io.edgeweave.data.Dataset;
import io.edgeweave.data.Sharding;
import io.edgeweave.scenario.DataSpec;
import io.edgeweave.scenario.GenAiSpec;
import io.edgeweave.scenario.Seeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a genai run derives from its scenario and seed, the same on every JVM and in the fine-tuning study: the
 * edges' shards, their VAE sizes, the task categories and the referee.
 */
public final class GenAiSetup {
  private GenAiSetup() {}

  /** Each edge's shard of the training set, from the seed. */
  public static int[][] shards(GenAiSpec spec, DataSpec dataSpec, Dataset train, long seed) {
    return Sharding.shard(train.y(), train.classes(), spec.edges().size(), dataSpec.sharding(),
        Seeds.derive(seed, "genai/shards"));
  }

  /** Edge i's VAE: {@code experts[i mod n]}. */
  public static VaeShape edgeShape(GenAiSpec spec, Dataset train, int edge) {
    GenAiSpec.Vae size = spec.experts().get(edge % spec.experts().size());
    return new VaeShape(train.features(), train.classes(), size.hidden(), size.latent());
  }

  /** {@code experts × classes}: the samples of each class in each shard, what the edges report. */
  public static long[][] classCounts(int[][] shards, Dataset train) {
    long[][] counts = new long[shards.length][train.classes()];
    for (int i = 0; i < shards.length; i++) for (int s : shards[i]) counts[i][train.y()[s]]++;
    return counts;
  }

  public static TaskCategories categories(GenAiSpec spec, int classes) {
    List<TaskCategories.Category> list = new ArrayList<>();
    spec.categories().forEach((name, members) -> list.add(new TaskCategories.Category(name, members)));
    return new TaskCategories(list, classes);
  }

  /** The referee of a run with {@code seed}: trained on the real training set, or loaded from {@code cache}. */
  public static Referee referee(GenAiSpec.Quality quality, Dataset train, Dataset test, long seed, Path cache) {
    Referee.Settings settings = new Referee.Settings(quality.refereeChannels(), quality.refereeFeatures(),
        quality.refereeEpochs(), 64, 0.002);
    return Referee.trainOrLoad(train, test, settings, Seeds.derive(seed, "genai/referee"), cache);
  }
}
