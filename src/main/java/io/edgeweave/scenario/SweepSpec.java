package io.edgeweave.scenario;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.stream.LongStream;

/**
 * A family of runs of one scenario: the grid of its axes' points, plus baseline runs, and what to draw.
 * A {@code sweep} block in a scenario file; every setting is a {@code key = value} override of the
 * scenario, like {@code --set}.
 *
 * @param baselines runs outside the grid, drawn as horizontal lines (one per panel if there are panels)
 * @param seeds the seeds every run (grid point and baseline) is repeated over
 */
public record SweepSpec(List<Axis> axes, List<Setting> baselines, Chart chart, Table table, Seeds seeds) {
  /** Metrics a chart or table can show (keys of a sweep's CSV). */
  public static final List<String> METRICS = List.of(
      "test_accuracy", "channel_uses_per_sample", "step_virtual_ms", "virtual_time_ms", "link_bytes",
      "samples_per_second", "wall_time_ms", "test_accuracy_sd");

  public SweepSpec {
    axes = List.copyOf(axes);
    baselines = List.copyOf(baselines);
  }

  /** This sweep with other seeds (as {@code --seeds} gives them). */
  public SweepSpec withSeeds(Seeds other) {
    return new SweepSpec(axes, baselines, chart, table, other);
  }

  /**
   * The seeds a run is repeated over, each replacing the scenario's {@code seed}: {@code list} if not empty, else
   * {@code count} consecutive seeds from the run's own. {@link #OWN} runs each point once with its own seed.
   */
  public record Seeds(List<Long> list, int count) {
    public static final Seeds OWN = new Seeds(List.of(), 1);

    public Seeds {
      list = List.copyOf(list);
    }

    /** The seeds of a run whose scenario has seed {@code own}. */
    public List<Long> of(long own) {
      return list.isEmpty() ? LongStream.range(own, own + count).boxed().toList() : list;
    }

    public int size() {
      return list.isEmpty() ? count : list.size();
    }

    /**
     * {@code --seeds}: a count ({@code 3}: the scenario's seed and the next two) or a list ({@code 1,5,9}).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Seeds parse(String text) {
      String t = text.strip();
      if (t.matches("\\d+")) return count(Long.parseLong(t));
      if (t.matches("[-+]?\\d+(\\s*,\\s*[-+]?\\d+)+,?")) {
        return list(Arrays.stream(t.split("\\s*,\\s*")).filter(p -> !p.isEmpty()).map(Long::parseLong).toList());
      }
      throw new IllegalArgumentException(
          "expected a number of seeds (like 3) or a list of seeds (like 1,5,9), got \"" + text + "\"");
    }

    /** @throws IllegalArgumentException if {@code count} is below 1 */
    public static Seeds count(long count) {
      if (count < 1 || count > 10_000) {
        throw new IllegalArgumentException("the number of seeds must be from 1 to 10000, got " + count);
      }
      return new Seeds(List.of(), (int) count);
    }

    /** @throws IllegalArgumentException if {@code seeds} is empty or has a seed twice */
    public static Seeds list(List<Long> seeds) {
      if (seeds.isEmpty()) throw new IllegalArgumentException("needs at least one seed");
      HashSet<Long> seen = new HashSet<>();
      for (Long s : seeds) {
        if (!seen.add(s)) throw new IllegalArgumentException("seed " + s + " is given twice");
      }
      return new Seeds(seeds, seeds.size());
    }
  }

  /** A named set of overrides. */
  public record Setting(String label, List<String> overrides) {
    public Setting {
      overrides = List.copyOf(overrides);
    }
  }

  public record Axis(String name, List<Setting> points) {
    public Axis {
      points = List.copyOf(points);
    }
  }

  /**
   * One line per {@code series} label, {@code y} against {@code x} (whose labels must be numbers), one
   * chart per {@code panel} label ({@code panel} may be empty), y on a logarithmic scale if asked.
   */
  public record Chart(String x, String y, String series, String panel, boolean logarithmic) {}

  /** A table of {@code values} with a row per {@code rows} label and a column group per {@code columns} label. */
  public record Table(String rows, String columns, List<String> values) {
    public Table {
      values = List.copyOf(values);
    }
  }
}
