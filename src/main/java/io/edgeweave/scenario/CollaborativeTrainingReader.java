package io.edgeweave.scenario;

import io.edgeweave.scenario.Section.Bound;
import java.time.Duration;
import java.util.function.Function;

/** Reads and checks {@code workload.type = collaborative-training}. */
final class CollaborativeTrainingReader {
  private CollaborativeTrainingReader() {}

  static CollaborativeTrainingSpec read(Section s, ReadContext c) {
    int start = c.problemCount();
    s.checkKeys("type", "cloud", "devices", "rounds", "participation", "participants", "local-steps",
        "batch-size", "deadline", "algorithm", "eval-every", "jvms");
    if (!c.links().isEmpty()) {
      s.problem("type", "collaborative-training uses no links from the links section: each device's link to the"
          + " cloud is described under workload.devices");
    }
    String cloud = cloud(s, c);
    Section devicesSection = s.child("devices");
    DevicesSpec devices = devicesSection == null ? null : devices(devicesSection, c);
    Integer rounds = s.integer("rounds", Bound.POSITIVE);
    Double participation = s.real("participation", Bound.PROBABILITY);
    if (participation != null && participation == 0) s.problem("participation", "must be positive, got 0");
    int participants = 0;
    if (s.hasOwn("participants")) {
      if (s.hasOwn("participation")) s.problem("participants", "give at most one of participation and participants");
      Integer count = s.integer("participants", Bound.POSITIVE);
      participants = count == null ? 0 : count;
      if (devices != null && participants > devices.count()) {
        s.problem("participants", participants + " participants per round, but the fleet has "
            + ReadContext.plural(devices.count(), "device"));
      }
    }
    Integer localSteps = s.integer("local-steps", Bound.POSITIVE);
    Integer batchSize = s.integer("batch-size", Bound.POSITIVE);
    Duration deadline = s.duration("deadline", Bound.NON_NEGATIVE);
    if (deadline != null && deadline.isZero() && devices != null && devices.canFail()) {
      s.problem("deadline", "devices can fail (dropout, crash or link loss), so rounds need a deadline:"
          + " without one the cloud would wait forever for a device that is gone");
    }
    String algorithm = s.choice("algorithm", CollaborativeTrainingSpec.ALGORITHMS);
    Integer evalEvery = s.integer("eval-every", Bound.NON_NEGATIVE);
    Integer jvms = s.integer("jvms", Bound.NON_NEGATIVE);
    if (c.problemCount() != start) return null;
    return new CollaborativeTrainingSpec(cloud, devices, rounds, participation, participants, localSteps,
        batchSize, deadline, algorithm, evalEvery, jvms);
  }

  private static String cloud(Section s, ReadContext c) {
    String cloud = s.string("cloud");
    if (cloud == null) return null;
    if (!c.nodeIds().contains(cloud)) {
      s.problem("cloud", "unknown node \"" + cloud + "\"");
    } else if (c.nodes().containsKey(cloud) && c.nodes().get(cloud).role() != NodeRole.CLOUD) {
      s.problem("cloud", "node " + cloud + " aggregates the rounds, so it must be a cloud node, not an edge node");
    }
    return cloud;
  }

  private static DevicesSpec devices(Section d, ReadContext c) {
    int start = c.problemCount();
    d.checkKeys("count", "flops", "uplink", "downlink", "propagation", "jitter", "loss", "duplicate",
        "dropout", "crash", "samples");
    Integer count = d.integer("count", Bound.POSITIVE);
    Distribution flops = distribution(d, "flops", Units::flopsPerSecond);
    Distribution uplink = distribution(d, "uplink", Units::bitsPerSecond);
    Distribution downlink = distribution(d, "downlink", Units::bitsPerSecond);
    Duration propagation = d.duration("propagation", Bound.NON_NEGATIVE);
    Duration jitter = d.duration("jitter", Bound.NON_NEGATIVE);
    Double loss = d.real("loss", Bound.PROBABILITY);
    if (loss != null && loss == 1) d.problem("loss", "a link that loses everything never delivers; use less than 1");
    Double duplicate = d.real("duplicate", Bound.PROBABILITY);
    Double dropout = d.real("dropout", Bound.PROBABILITY);
    Double crash = d.real("crash", Bound.PROBABILITY);
    if (dropout != null && crash != null && dropout + crash > 1) {
      d.problem("crash", "dropout + crash is the probability that a device fails in a round: at most 1, got "
          + (dropout + crash));
    }
    Integer samples = d.integer("samples", Bound.NON_NEGATIVE);
    if (c.problemCount() != start) return null;
    return new DevicesSpec(count, flops, uplink, downlink, propagation, jitter, loss, duplicate, dropout, crash, samples);
  }

  /** A quantity the same for every device ({@code 2 GFLOPS}) or an object naming its distribution. */
  private static Distribution distribution(Section d, String key, Function<String, Double> parser) {
    if (!d.isObject(key)) {
      Double value = d.quantity(key, parser);
      return value == null ? null : Distribution.fixed(value);
    }
    Section s = d.child(key);
    Distribution.Shape shape = s.choice("distribution", Distribution.Shape.class);
    if (shape == null) return null;
    return switch (shape) {
      case FIXED -> {
        s.checkKeys("distribution", "value");
        Double value = s.quantity("value", parser);
        yield value == null ? null : Distribution.fixed(value);
      }
      case UNIFORM -> {
        s.checkKeys("distribution", "min", "max");
        Double min = s.quantity("min", parser);
        Double max = s.quantity("max", parser);
        if (min == null || max == null) yield null;
        if (max < min) {
          s.problem("max", "must not be below min");
          yield null;
        }
        yield Distribution.uniform(min, max);
      }
      case LOG_NORMAL -> {
        s.checkKeys("distribution", "median", "sigma");
        Double median = s.quantity("median", parser);
        Double sigma = s.real("sigma", Bound.NON_NEGATIVE);
        yield median == null || sigma == null ? null : Distribution.logNormal(median, sigma);
      }
    };
  }
}
