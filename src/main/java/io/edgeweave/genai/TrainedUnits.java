package io.edgeweave.genai;

import io.edgeweave.metrics.ChecksummedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints of a genai run: one file per unit of training done (an edge's local generator, an assembled
 * mixture, a personalised task model, an edge's FedAvg round, the centralised baseline), {@code KEY.ckpt} in one
 * directory, written once by {@link ChecksummedFiles}. A unit's result depends only on the seed and the unit, so a
 * run that starts again from these files skips the units they hold and computes the others as it would have. A file
 * that fails its checksum is left out with a warning: its unit is trained again.
 */
public final class TrainedUnits {
  private static final String SUFFIX = ".ckpt";

  /**
   * One unit's result: a generator (exactly one of {@code vae}, {@code mixture}) and the FLOPs its training cost,
   * the basis of its virtual time.
   */
  public record Unit(String key, VaeSnapshot vae, MixtureSnapshot mixture, long flops) {}

  /** The units read, by key, and a warning for each file that was not readable. */
  public record Loaded(Map<String, Unit> units, List<String> warnings) {}

  private final Path directory;

  public TrainedUnits(Path directory) {
    this.directory = directory;
  }

  public static String local(String edge) {
    return "local-" + edge;
  }

  public static String assembly(String strategy) {
    return "assembly-" + strategy;
  }

  public static String personalised(String edge, int category) {
    return "personalised-" + edge + "-" + category;
  }

  public static String fedAvg(String edge, int round) {
    return "fedavg-" + edge + "-" + round;
  }

  public static final String CENTRALISED = "centralised";

  /** The units of {@code edge} among {@code units}: its local generator, its task models, its FedAvg rounds. */
  public static Map<String, Unit> ofEdge(Map<String, Unit> units, String edge) {
    Pattern own = Pattern.compile("(personalised|fedavg)-" + Pattern.quote(edge) + "-\\d+");
    Map<String, Unit> of = new TreeMap<>();
    units.forEach((key, unit) -> {
      if (key.equals(local(edge)) || own.matcher(key).matches()) of.put(key, unit);
    });
    return of;
  }

  /** The cloud's units among {@code units}: the assembled mixtures and the centralised baseline. */
  public static Map<String, Unit> ofCloud(Map<String, Unit> units) {
    Map<String, Unit> of = new TreeMap<>();
    units.forEach((key, unit) -> {
      if (key.startsWith("assembly-") || key.equals(CENTRALISED)) of.put(key, unit);
    });
    return of;
  }

  public void save(Unit unit) throws IOException {
    ChecksummedFiles.write(directory.resolve(unit.key() + SUFFIX), unit);
  }

  public Loaded load() {
    Map<String, Unit> units = new TreeMap<>();
    List<String> warnings = new ArrayList<>();
    if (!Files.isDirectory(directory)) return new Loaded(units, warnings);
    try (Stream<Path> listing = Files.list(directory)) {
      for (Path file : listing.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
        try {
          Unit unit = ChecksummedFiles.read(file, Unit.class);
          units.put(unit.key(), unit);
        } catch (IOException e) {
          warnings.add(file + ": not a readable checkpoint (" + e.getMessage().lines().findFirst().orElse("")
              + "); its unit is trained again");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Loaded(units, warnings);
  }
}
