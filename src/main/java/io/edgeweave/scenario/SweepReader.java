package io.edgeweave.scenario;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the {@code sweep} block of a scenario file, recording every problem. */
final class SweepReader {
  private SweepReader() {}

  /** The sweep, or {@code null} after recording its problems (or if the file has no sweep block). */
  static SweepSpec read(ConfigObject file, List<Problem> problems) {
    Section root = Section.root(file, Section.EMPTY, problems);
    if (!root.hasOwn("sweep")) {
      problems.add(Problem.at(file.origin(), "sweep", "required key is missing: a sweep file needs a sweep block"));
      return null;
    }
    Section s = root.child("sweep");
    if (s == null) return null;
    int start = problems.size();
    s.checkKeys("axes", "baselines", "chart", "table", "seeds");
    List<SweepSpec.Axis> axes = new ArrayList<>();
    List<Section> axisSections = s.elements("axes", Section.EMPTY);
    if (axisSections != null) {
      if (axisSections.isEmpty()) s.problem("axes", "needs at least one axis");
      for (Section a : axisSections) axes.add(axis(a));
    }
    List<SweepSpec.Setting> baselines = new ArrayList<>();
    if (s.hasOwn("baselines")) {
      List<Section> sections = s.elements("baselines", Section.EMPTY);
      if (sections != null) sections.forEach(b -> baselines.add(setting(b)));
    }
    Set<String> names = new HashSet<>();
    for (SweepSpec.Axis a : axes) {
      if (a != null && !names.add(a.name())) s.problem("axes", "two axes are named " + a.name());
    }
    SweepSpec.Chart chart = s.hasOwn("chart") ? chart(s.child("chart"), names) : null;
    if (chart != null) checkNumbers(s, axes, chart.x());
    SweepSpec.Table table = s.hasOwn("table") ? table(s.child("table"), names) : null;
    SweepSpec.Seeds seeds = s.hasOwn("seeds") ? seeds(s) : SweepSpec.Seeds.OWN;
    return problems.size() == start ? new SweepSpec(axes, baselines, chart, table, seeds) : null;
  }

  /** {@code seeds = [7, 8, 9]}: integers, at least one, none twice. */
  private static SweepSpec.Seeds seeds(Section s) {
    List<Integer> seeds = s.integers("seeds", Section.Bound.ANY);
    if (seeds == null) return null;
    try {
      return SweepSpec.Seeds.list(seeds.stream().map(Integer::longValue).toList());
    } catch (IllegalArgumentException e) {
      s.problem("seeds", e.getMessage());
      return null;
    }
  }

  /** {@code { name, key = K | [K...], values = [...] }} or {@code { name, points = [{ label, set }] }}. */
  private static SweepSpec.Axis axis(Section a) {
    a.checkKeys("name", "key", "values", "points");
    String name = a.string("name");
    if (a.hasOwn("points") == (a.hasOwn("key") || a.hasOwn("values"))) {
      a.problem("give either key and values, or points");
      return null;
    }
    List<SweepSpec.Setting> points = new ArrayList<>();
    if (a.hasOwn("points")) {
      List<Section> sections = a.elements("points", Section.EMPTY);
      if (sections == null) return null;
      sections.forEach(p -> points.add(setting(p)));
    } else {
      List<String> keys = a.stringOrStrings("key");
      List<ConfigValue> values = a.values("values");
      if (keys == null || values == null) return null;
      for (ConfigValue v : values) {
        String text = Section.render(v);
        points.add(new SweepSpec.Setting(text, keys.stream().map(k -> k + " = " + text).toList()));
      }
    }
    if (points.isEmpty()) a.problem("needs at least one point");
    return name == null || points.contains(null) ? null : new SweepSpec.Axis(name, points);
  }

  private static SweepSpec.Setting setting(Section p) {
    p.checkKeys("label", "set");
    String label = p.string("label");
    List<String> set = p.strings("set");
    if (set != null) {
      for (String o : set) {
        if (o.indexOf('=') <= 0) p.problem("set", "expected key = value, got \"" + o + "\"");
      }
    }
    return label == null || set == null ? null : new SweepSpec.Setting(label, set);
  }

  private static SweepSpec.Chart chart(Section c, Set<String> axes) {
    if (c == null) return null;
    c.checkKeys("x", "y", "series", "panel", "log-y");
    String x = axisName(c, "x", axes);
    String y = c.choice("y", SweepSpec.METRICS);
    String series = axisName(c, "series", axes);
    String panel = c.hasOwn("panel") ? axisName(c, "panel", axes) : "";
    Boolean log = c.hasOwn("log-y") ? c.bool("log-y") : Boolean.FALSE;
    return x == null || y == null || series == null || panel == null || log == null
        ? null
        : new SweepSpec.Chart(x, y, series, panel, log);
  }

  /** The chart's x axis is drawn to scale: its labels must be numbers (a unit may follow, as in 20 dB). */
  private static void checkNumbers(Section s, List<SweepSpec.Axis> axes, String x) {
    for (SweepSpec.Axis a : axes) {
      if (a == null || !a.name().equals(x)) continue;
      for (SweepSpec.Setting p : a.points()) {
        if (!p.label().matches("\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*[A-Za-z]*\\s*")) {
          s.problem("chart", "the x axis " + x + " needs numeric labels, got \"" + p.label() + "\"");
          return;
        }
      }
    }
  }

  private static SweepSpec.Table table(Section t, Set<String> axes) {
    if (t == null) return null;
    t.checkKeys("rows", "columns", "values");
    String rows = axisName(t, "rows", axes);
    String columns = axisName(t, "columns", axes);
    List<String> values = t.strings("values");
    if (values != null) {
      for (String v : values) {
        if (!SweepSpec.METRICS.contains(v)) {
          t.problem("values", "unknown metric \"" + v + "\" (known: " + String.join(", ", SweepSpec.METRICS) + ")");
        }
      }
    }
    return rows == null || columns == null || values == null ? null : new SweepSpec.Table(rows, columns, values);
  }

  private static String axisName(Section s, String key, Set<String> axes) {
    String name = s.string(key);
    if (name != null && !axes.contains(name)) {
      s.problem(key, "no axis named \"" + name + "\" (axes: " + String.join(", ", axes) + ")");
      return null;
    }
    return name;
  }
}
