package io.edgeweave.scenario;

import java.util.List;

/**
 * A family of runs of one scenario: the grid of its axes' points, plus baseline runs, and what to draw.
 * A {@code sweep} block in a scenario file; every setting is a {@code key = value} override of the
 * scenario, like {@code --set}.
 *
 * @param baselines runs outside the grid, drawn as horizontal lines (one per panel if there are panels)
 */
public record SweepSpec(List<Axis> axes, List<Setting> baselines, Chart chart, Table table) {
  /** Metrics a chart or table can show (keys of a sweep's CSV). */
  public static final List<String> METRICS = List.of(
      "test_accuracy", "channel_uses_per_sample", "step_virtual_ms", "virtual_time_ms", "link_bytes",
      "samples_per_second", "wall_time_ms", "test_accuracy_sd");

  public SweepSpec {
    axes = List.copyOf(axes);
    baselines = List.copyOf(baselines);
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
