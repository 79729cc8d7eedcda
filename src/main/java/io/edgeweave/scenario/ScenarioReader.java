package io.edgeweave.scenario;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import io.edgeweave.scenario.FaultSpec.FaultKind;
import io.edgeweave.scenario.Section.Bound;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns the HOCON tree of one scenario (overrides applied, substitutions resolved) into a {@link Scenario},
 * recording every problem on the way. Checks that depend on a part that already failed are skipped, so one
 * mistake gives one problem. Single use.
 */
final class ScenarioReader {

  /** Shape of the IDX datasets we read (MNIST, Fashion-MNIST): 28×28 images in 10 classes. */
  static final int IDX_INPUTS = 784;
  static final int IDX_CLASSES = 10;

  private static final Pattern NAME = Pattern.compile("[a-z0-9._-]+");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]+");
  private static final List<String> MODEL_TYPES = List.of("mlp", "cnn");
  private static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "leakyrelu", "identity");
  private static final List<String> UPDATERS = List.of("adam", "sgd", "nesterovs");
  private static final List<String> MIMO_KEYS = List.of("transmit-antennas", "receive-antennas", "snr",
      "backward-snr", "bandwidth", "power", "channel", "bits", "payload", "estimation");
  private static final List<String> LINK_KEYS = Stream.concat(
      Stream.of("kind", "from", "to", "rate", "propagation", "jitter", "loss", "duplicate", "reorder"),
      MIMO_KEYS.stream()).toList();
  private static final List<String> FAULT_PARAMETERS =
      List.of("probability", "delay", "jitter", "rate", "snr", "gain", "factor");

  private final List<Problem> problems;
  private final Section root;
  private final ConfigObject nodeDefaults;
  private final ConfigObject linkDefaults;
  private final ConfigObject faultDefaults;
  private final ConfigObject workloadDefaults;
  private final ConfigObject mimoDefaults;
  private final ConfigObject convolutionDefaults;

  private final Set<String> nodeIds = new HashSet<>();
  private final Map<String, NodeSpec> nodes = new LinkedHashMap<>();
  private final Map<String, LinkSpec> links = new LinkedHashMap<>();
  private final Set<String> linkIds = new HashSet<>();
  private boolean linksValid;

  ScenarioReader(ConfigObject scenario, ConfigObject defaults, List<Problem> problems) {
    this.problems = problems;
    this.root = Section.root(scenario, defaults, problems);
    this.nodeDefaults = defaults.toConfig().getObject("defaults.node");
    this.linkDefaults = defaults.toConfig().getObject("defaults.link");
    this.faultDefaults = defaults.toConfig().getObject("defaults.fault");
    this.workloadDefaults = defaults.toConfig().getObject("defaults.workload");
    this.mimoDefaults = defaults.toConfig().getObject("defaults.mimo");
    this.convolutionDefaults = defaults.toConfig().getObject("defaults.convolution");
  }

  /** The scenario, or {@code null} when a problem was recorded. */
  Scenario read() {
    int start = problems.size();
    root.checkKeys(
        "name", "seed", "nodes", "links", "model", "data", "workload", "faults", "runtime", "output", "sweep",
        "placement");
    String name = name();
    Long seed = root.whole("seed");
    readNodes();
    readLinks();
    ModelSpec model = section("model", this::model);
    DataSpec data = section("data", s -> data(s, model));
    WorkloadSpec workload = section("workload", s -> workload(s, model));
    List<FaultSpec> faults = faults(workload);
    RuntimeSpec runtime = section("runtime", this::runtime);
    OutputSpec output = section("output", this::output);
    Map<String, String> placement = section("placement", this::placement);
    return build(start,
        () -> new Scenario(name, seed, nodes, links, model, data, workload, faults, runtime, output, placement));
  }

  /** Reads a top-level object; {@code null} if it is not an object or had problems. */
  private <T> T section(String key, Function<Section, T> reader) {
    Section section = root.child(key);
    return section == null ? null : reader.apply(section);
  }

  /** The value made by {@code constructor} if no problem was recorded since {@code start}, else {@code null}. */
  private <T> T build(int start, Supplier<T> constructor) {
    return problems.size() == start ? constructor.get() : null;
  }

  private String name() {
    String name = root.string("name");
    if (name != null && !NAME.matcher(name).matches()) {
      root.problem("name", "\"" + name + "\" is not a valid name (use a-z, 0-9, '.', '_', '-')");
    }
    return name;
  }

  private void checkId(Section entry, String id, String what) {
    if (!ID.matcher(id).matches()) entry.problem(what + " ids use letters, digits, '-' and '_'");
  }

  private void readNodes() {
    Section section = root.child("nodes");
    if (section == null) return;
    Map<String, Section> entries = section.entries(nodeDefaults);
    nodeIds.addAll(section.ownKeys());
    if (section.ownKeys().isEmpty()) {
      section.problem(root.hasOwn("nodes") ? "needs at least one node" : "required key is missing");
    }
    entries.forEach((id, entry) -> {
      int start = problems.size();
      entry.checkKeys("role", "flops", "memory");
      checkId(entry, id, "node");
      NodeRole role = entry.choice("role", NodeRole.class);
      Double flops = entry.quantity("flops", Units::flopsPerSecond);
      Long memory = entry.bytes("memory");
      NodeSpec node = build(start, () -> new NodeSpec(id, role, flops, memory));
      if (node != null) nodes.put(id, node);
    });
  }

  private void readLinks() {
    Section section = root.child("links");
    if (section == null) return;
    int start = problems.size();
    Map<String, Section> entries = section.entries(linkDefaults);
    linkIds.addAll(section.ownKeys());
    entries.forEach((id, entry) -> {
      int linkStart = problems.size();
      entry.checkKeys(LINK_KEYS.toArray(String[]::new));
      checkId(entry, id, "link");
      LinkKind kind = entry.choice("kind", LinkKind.class);
      String from = endpoint(entry, "from");
      String to = endpoint(entry, "to");
      if (from != null && from.equals(to)) entry.problem("to", "a link cannot join " + from + " to itself");
      if (from != null && to != null) {
        links.values().stream().filter(l -> l.joins(from, to)).findFirst().ifPresent(other ->
            entry.problem("another link already joins " + from + " and " + to + ": links." + other.id()));
      }
      if (kind != null) refuseKeysOfOtherKinds(entry, kind);
      Double rate = kind == LinkKind.DIGITAL ? entry.quantity("rate", Units::bitsPerSecond) : Double.valueOf(Double.NaN);
      MimoSpec mimo = kind != null && kind.isMimo() ? mimo(entry.withDefaults(mimoDefaults), kind) : null;
      Duration propagation = entry.duration("propagation", Bound.NON_NEGATIVE);
      Duration jitter = entry.duration("jitter", Bound.NON_NEGATIVE);
      Double loss = entry.real("loss", Bound.PROBABILITY);
      Double duplicate = entry.real("duplicate", Bound.PROBABILITY);
      Double reorder = entry.real("reorder", Bound.PROBABILITY);
      LinkSpec link = build(linkStart,
          () -> new LinkSpec(id, kind, from, to, rate, propagation, jitter, loss, duplicate, reorder, mimo));
      if (link != null) links.put(id, link);
    });
    linksValid = problems.size() == start;
  }

  /** Keys of one link kind given on a link of another kind. */
  private static void refuseKeysOfOtherKinds(Section link, LinkKind kind) {
    for (String key : link.ownKeys()) {
      boolean applies = switch (key) {
        case "rate" -> kind == LinkKind.DIGITAL;
        case "bits", "payload" -> kind == LinkKind.MIMO_DIGITAL;
        case "estimation" -> kind == LinkKind.MIMO_OAC;
        default -> !MIMO_KEYS.contains(key) || kind.isMimo();
      };
      if (!applies) {
        link.problem(key, "does not apply to a " + Section.configName(kind) + " link"
            + (key.equals("rate") ? " (its rate follows from its bandwidth and SNR)" : ""));
      }
    }
  }

  private MimoSpec mimo(Section link, LinkKind kind) {
    int start = problems.size();
    Integer transmit = link.integer("transmit-antennas", Bound.POSITIVE);
    Integer receive = link.integer("receive-antennas", Bound.POSITIVE);
    Double snr = link.decibels("snr");
    Double backwardSnr = link.has("backward-snr") ? link.decibels("backward-snr") : snr;
    Double bandwidth = link.quantity("bandwidth", Units::hertz);
    Double power = link.real("power", Bound.POSITIVE);
    Integer bits = kind == LinkKind.MIMO_DIGITAL ? link.integer("bits", Bound.POSITIVE) : Integer.valueOf(0);
    if (bits != null && bits > 32) link.problem("bits", "at most 32 bits per value, got " + bits);
    MimoSpec.Payload payload =
        kind == LinkKind.MIMO_DIGITAL ? link.choice("payload", MimoSpec.Payload.class) : MimoSpec.Payload.ACTIVATIONS;
    Section channel = link.child("channel");
    if (channel == null) return null;
    channel.checkKeys("model", "entries", "rho", "coherence-steps", "transmit-correlation", "receive-correlation");
    MimoSpec.ChannelModel model = channel.choice("model", MimoSpec.ChannelModel.class);
    String entries = channel.choice("entries", List.of("complex", "real"));
    Double rho = channel.real("rho", Bound.PROBABILITY);
    Integer coherenceSteps = channel.integer("coherence-steps", Bound.POSITIVE);
    Double transmitCorrelation = channel.real("transmit-correlation", Bound.CORRELATION);
    Double receiveCorrelation = channel.real("receive-correlation", Bound.CORRELATION);
    MimoSpec.Estimation estimation =
        kind == LinkKind.MIMO_OAC ? estimation(link.child("estimation"), transmit) : MimoSpec.Estimation.NONE;
    return build(start, () -> new MimoSpec(transmit, receive, entries.equals("complex"), model, rho, coherenceSteps,
        transmitCorrelation, receiveCorrelation, snr, backwardSnr, bandwidth, power, bits, payload, estimation));
  }

  /** {@code estimation { pilots, estimator }}: pilots per coherence block, enough to see every transmit antenna. */
  private static MimoSpec.Estimation estimation(Section s, Integer transmitAntennas) {
    if (s == null) return null;
    s.checkKeys("pilots", "estimator");
    Integer pilots = s.integer("pilots", Bound.NON_NEGATIVE);
    MimoSpec.Estimator estimator = s.choice("estimator", MimoSpec.Estimator.class);
    if (pilots == null || estimator == null) return null;
    if (pilots > 0 && transmitAntennas != null && pilots < transmitAntennas) {
      s.problem("pilots", "at least one pilot per transmit antenna (" + transmitAntennas
          + ") to estimate every column of H, got " + pilots);
      return null;
    }
    return new MimoSpec.Estimation(pilots, estimator);
  }

  private String endpoint(Section link, String key) {
    String node = link.string(key);
    if (node == null || nodeIds.contains(node)) return node;
    link.problem(key, "unknown node \"" + node + "\"");
    return null;
  }

  private ModelSpec model(Section s) {
    int start = problems.size();
    s.checkKeys(
        "type", "inputs", "hidden", "classes", "activation", "updater", "learning-rate", "image", "convolutions", "engine");
    String type = s.choice("type", MODEL_TYPES);
    Integer inputs = s.integer("inputs", Bound.POSITIVE);
    List<Integer> hidden = s.integers("hidden", Bound.POSITIVE);
    Integer classes = s.integer("classes", Bound.POSITIVE);
    String activation = s.choice("activation", ACTIVATIONS);
    String updater = s.choice("updater", UPDATERS);
    Double learningRate = s.real("learning-rate", Bound.POSITIVE);
    String engine = s.choice("engine", ModelSpec.ENGINES);
    boolean cnn = "cnn".equals(type);
    for (String key : List.of("image", "convolutions")) {
      if (!cnn && type != null && s.hasOwn(key)) s.problem(key, "applies to cnn models only");
    }
    TensorShape.Grid image = cnn ? image(s, inputs) : null;
    List<ConvSpec> convolutions = cnn ? convolutions(s, image) : List.of();
    ModelSpec model = build(start, () -> new ModelSpec(
        type, inputs, hidden, classes, activation, updater, learningRate, convolutions, image, engine));
    if (model != null && "fast".equals(engine)) {
      model.fastUnsupported().ifPresent(why -> s.problem("engine", "the fast engine cannot train " + why));
    }
    return model;
  }

  /** A CNN's input: {@code image { height, width, channels }}, which must hold the model's inputs. */
  private TensorShape.Grid image(Section model, Integer inputs) {
    Section s = model.child("image");
    if (s == null) return null;
    s.checkKeys("height", "width", "channels");
    Integer height = s.integer("height", Bound.POSITIVE);
    Integer width = s.integer("width", Bound.POSITIVE);
    Integer channels = s.integer("channels", Bound.POSITIVE);
    if (height == null || width == null || channels == null) return null;
    if (inputs != null && height * width * channels != inputs) {
      model.problem("image", height + "×" + width + "×" + channels + " = " + height * width * channels
          + " values, but the model has " + inputs + " inputs");
      return null;
    }
    return new TensorShape.Grid(channels, height, width);
  }

  /** A CNN's convolution blocks: {@code [{ filters, kernel, pool }]}, pooling no larger than what is left. */
  private List<ConvSpec> convolutions(Section model, TensorShape.Grid image) {
    List<Section> blocks = model.elements("convolutions", convolutionDefaults);
    if (blocks == null) return null;
    if (blocks.isEmpty()) model.problem("convolutions", "a cnn needs at least one convolution block");
    List<ConvSpec> specs = new ArrayList<>();
    int height = image == null ? Integer.MAX_VALUE : image.height();
    int width = image == null ? Integer.MAX_VALUE : image.width();
    for (Section b : blocks) {
      b.checkKeys("filters", "kernel", "pool");
      Integer filters = b.integer("filters", Bound.POSITIVE);
      Integer kernel = b.integer("kernel", Bound.POSITIVE);
      Integer pool = b.integer("pool", Bound.POSITIVE);
      if (filters == null || kernel == null || pool == null) return null;
      if (pool > Math.min(height, width)) {
        b.problem("pool", "pooling " + pool + "×" + pool + " does not fit the " + height + "×" + width + " feature map");
        return null;
      }
      height /= pool;
      width /= pool;
      specs.add(new ConvSpec(filters, kernel, pool));
    }
    return specs;
  }

  private DataSpec data(Section s, ModelSpec model) {
    int start = problems.size();
    s.checkKeys("source", "directory", "train-limit", "test-limit", "synthetic", "sharding");
    DataSpec.DataSource source = s.choice("source", DataSpec.DataSource.class);
    Path directory = s.file("directory");
    Integer trainLimit = s.integer("train-limit", Bound.NON_NEGATIVE);
    Integer testLimit = s.integer("test-limit", Bound.NON_NEGATIVE);
    Section synthetic = s.child("synthetic");
    if (synthetic != null) synthetic.checkKeys("train", "test");
    Integer syntheticTrain = synthetic == null ? null : synthetic.integer("train", Bound.POSITIVE);
    Integer syntheticTest = synthetic == null ? null : synthetic.integer("test", Bound.POSITIVE);
    ShardingSpec sharding = sharding(s.child("sharding"));
    if (source == DataSpec.DataSource.IDX) checkIdx(s, directory, model);
    return build(start,
        () -> new DataSpec(source, directory, trainLimit, testLimit, syntheticTrain, syntheticTest, sharding));
  }

  private ShardingSpec sharding(Section s) {
    if (s == null) return null;
    int start = problems.size();
    s.checkKeys("scheme", "alpha", "classes-per-shard");
    ShardingSpec.Scheme scheme = s.choice("scheme", ShardingSpec.Scheme.class);
    Double alpha = s.real("alpha", Bound.POSITIVE);
    Integer classesPerShard = s.integer("classes-per-shard", Bound.POSITIVE);
    return build(start, () -> new ShardingSpec(scheme, alpha, classesPerShard));
  }

  private void checkIdx(Section data, Path directory, ModelSpec model) {
    if (directory != null && !Files.isDirectory(directory)) {
      data.problem("directory", "no directory " + directory
          + " (set EDGEWEAVE_DATA_DIR or data.directory; Fashion-MNIST: apt-get install dataset-fashion-mnist)");
    }
    if (model == null) return;
    Section modelSection = root.child("model");
    if (model.inputs() != IDX_INPUTS) {
      modelSection.problem("inputs", "idx data has " + IDX_INPUTS + " inputs per sample, got " + model.inputs());
    }
    if (model.classes() != IDX_CLASSES) {
      modelSection.problem("classes", "idx data has " + IDX_CLASSES + " classes, got " + model.classes());
    }
  }

  private WorkloadSpec workload(Section s, ModelSpec model) {
    String type = s.choice("type", WorkloadReaders.types());
    if (type == null) return null;
    Section typed = s.withDefaults(defaultsOf(workloadDefaults, type));
    return WorkloadReaders.read(type, typed, new ReadContext(nodeIds, nodes, links, linksValid, model, problems));
  }

  /** @param workload the scenario's workload, null after a problem */
  private List<FaultSpec> faults(WorkloadSpec workload) {
    List<Section> elements = root.elements("faults", faultDefaults);
    if (elements == null) return null;
    List<FaultSpec> faults = new ArrayList<>();
    Set<String> killed = new HashSet<>();
    for (Section f : elements) {
      FaultSpec fault = fault(f, workload);
      if (fault == null) continue;
      faults.add(fault);
      if (workload instanceof CollaborativeTrainingSpec c && fault.kind() == FaultKind.KILL_JVM) {
        if (!killed.add(fault.target())) f.problem("jvm", "edge JVM " + fault.target() + " is killed twice");
        else if (c.jvms() > 0 && killed.size() >= c.jvms()) {
          f.problem("jvm", "every one of the " + c.jvms() + " edge JVMs (workload.jvms) would be killed: leave one");
        }
      }
    }
    return faults;
  }

  private FaultSpec fault(Section f, WorkloadSpec workload) {
    int start = problems.size();
    f.checkKeys("link", "node", "jvm", "kind", "at-step", "at-time", "until-step", "duration",
        "probability", "delay", "jitter", "rate", "snr", "gain", "factor");
    FaultKind kind = f.choice("kind", FaultKind.class);
    boolean fleetKill = kind == FaultKind.KILL_JVM && workload instanceof CollaborativeTrainingSpec;
    if (f.hasOwn("jvm") && !fleetKill) {
      f.problem("jvm", "names an edge JVM only in a kill-jvm fault of a collaborative-training run");
    }
    String target = kind == null ? null
        : fleetKill ? fleetKillTarget(f, (CollaborativeTrainingSpec) workload) : faultTarget(f, kind);
    Integer atStep = f.has("at-step") ? f.integer("at-step", Bound.NON_NEGATIVE) : null;
    Duration atTime = f.has("at-time") ? f.duration("at-time", Bound.NON_NEGATIVE) : null;
    Integer untilStep = f.has("until-step") ? f.integer("until-step", Bound.POSITIVE) : null;
    Duration duration = f.has("duration") ? f.duration("duration", Bound.POSITIVE) : null;
    if (f.has("at-step") && f.has("at-time")) f.problem("at-time", "give at most one of at-step and at-time");
    if (f.has("until-step") && f.has("duration")) f.problem("duration", "give at most one of until-step and duration");
    if (atStep != null && untilStep != null && untilStep <= atStep) {
      f.problem("until-step", "must be greater than at-step (" + atStep + "), got " + untilStep);
    }
    if (kind == null) return null;
    String kindName = Section.configName(kind);
    List<String> parameters = switch (kind) {
      case LOSS, DUPLICATE, REORDER -> List.of("probability");
      case DELAY -> List.of("delay", "jitter");
      case RATE -> List.of("rate");
      case SNR -> List.of("snr");
      case FADE -> List.of("gain");
      case PARTITION, CHANNEL_JUMP, CRASH, JOIN, KILL_JVM, PAUSE_JVM, PARTITION_JVM -> List.of();
      case SLOW_NODE -> List.of("factor");
    };
    checkLinkKind(f, kind, target);
    for (String p : FAULT_PARAMETERS) {
      if (f.hasOwn(p) && !parameters.contains(p)) f.problem(p, "does not apply to a " + kindName + " fault");
    }
    if (kind == FaultKind.PARTITION && !f.has("duration")) {
      f.problem("duration", "required for a partition: a step-bounded partition would never heal,"
          + " because retries of the blocked step never reach the next step");
    }
    if (kind == FaultKind.JOIN) checkJoin(f);
    Double probability = parameter(f, parameters, kindName, "probability",
        k -> f.real(k, Bound.PROBABILITY), 0.0);
    Duration delay = parameter(f, parameters, kindName, "delay", k -> f.duration(k, Bound.POSITIVE), Duration.ZERO);
    Duration jitter = parameter(f, parameters, kindName, "jitter",
        k -> f.duration(k, Bound.NON_NEGATIVE), Duration.ZERO);
    Double rate = parameter(f, parameters, kindName, "rate", k -> f.quantity(k, Units::bitsPerSecond), 0.0);
    Double snr = parameter(f, parameters, kindName, "snr", f::decibels, 0.0);
    Double gain = parameter(f, parameters, kindName, "gain", f::decibels, 0.0);
    Double factor = parameter(f, parameters, kindName, "factor", k -> f.real(k, Bound.AT_LEAST_ONE), 1.0);
    if (kind.strikesProcess() || kind == FaultKind.SLOW_NODE) {
      checkNodeFaultWindow(f, kind, kindName);
      boolean otherKill = kind == FaultKind.KILL_JVM
          && (workload instanceof JmsnasSpec || workload instanceof GenAiSpec || fleetKill);
      if (workload != null && !(workload instanceof SplitTrainingSpec) && !otherKill) {
        f.problem("kind", "a " + kindName + " fault strikes the nodes of split-training runs"
            + (kind == FaultKind.KILL_JVM ? ", jmsnas runs, genai runs and collaborative-training runs" : "")
            + ", not of a " + workload.type() + " run");
      }
      if (kind == FaultKind.KILL_JVM && workload instanceof GenAiSpec g && target != null) checkGenAiKill(f, g, target, atStep);
      if (fleetKill && atStep != null && atStep >= ((CollaborativeTrainingSpec) workload).rounds()) {
        f.problem("at-step", "a collaborative kill-jvm strikes as round at-step opens (0 to "
            + (((CollaborativeTrainingSpec) workload).rounds() - 1) + "), not " + atStep);
      }
    }
    return build(start, () -> new FaultSpec(target, kind, optional(atStep), Optional.ofNullable(atTime),
        optional(untilStep), Optional.ofNullable(duration), probability, delay, jitter, rate, snr, gain, factor));
  }

  /**
   * The edge JVM a collaborative run's kill-jvm strikes, {@code jvm = N} (the N-th of {@code workload.jvms} by name),
   * as its target; {@code null} after a problem.
   */
  private static String fleetKillTarget(Section f, CollaborativeTrainingSpec collaborative) {
    if (f.hasOwn("node")) f.problem("node", "a kill-jvm fault of a collaborative-training run strikes an edge JVM: use jvm = N");
    if (!f.has("jvm")) {
      f.problem("jvm", "required: the edge JVM to kill, 1 to workload.jvms");
      return null;
    }
    Integer jvm = f.integer("jvm", Bound.POSITIVE);
    if (jvm == null) return null;
    if (collaborative.jvms() < 2) {
      f.problem("jvm", "set workload.jvms (at least 2) to the edge JVMs the fleet spreads over, for a kill-jvm to strike one");
    } else if (jvm > collaborative.jvms()) {
      f.problem("jvm", "the fleet spreads over " + collaborative.jvms() + " edge JVMs (workload.jvms): no JVM " + jvm);
    }
    return Integer.toString(jvm);
  }

  /** A genai kill-jvm strikes an edge's JVM after one of its local-training epochs (at-step; 0: before the first). */
  private static void checkGenAiKill(Section f, GenAiSpec genai, String node, Integer atStep) {
    if (!genai.edges().contains(node)) {
      f.problem("node", "a kill-jvm fault of a genai run strikes an edge (one of " + genai.edges() + "), not " + node);
    } else if (atStep != null && genai.local() != null && atStep > genai.local().epochs()) {
      f.problem("at-step", "a genai kill-jvm strikes after local epoch at-step (0 to " + genai.local().epochs()
          + "), not " + atStep);
    }
  }

  /**
   * Node faults start at a step. A process fault strikes once: kill-jvm for good, pause-jvm and partition-jvm
   * for a wall-clock duration. A slow node stays slow until a step.
   */
  private static void checkNodeFaultWindow(Section f, FaultKind kind, String kindName) {
    if (f.hasOwn("at-time")) f.problem("at-time", "node faults start at a step: use at-step");
    if (kind.strikesProcess()) {
      if (!f.has("at-step")) f.problem("at-step", "required for a " + kindName + " fault");
      if (f.hasOwn("until-step")) f.problem("until-step", "does not apply to a " + kindName + " fault");
    }
    boolean timed = kind == FaultKind.PAUSE_JVM || kind == FaultKind.PARTITION_JVM;
    if (timed && !f.has("duration")) {
      f.problem("duration", "required for a " + kindName + " fault (wall-clock time)");
    } else if (!timed && f.hasOwn("duration")) {
      f.problem("duration", "does not apply to a " + kindName + " fault"
          + (kind == FaultKind.SLOW_NODE ? " (end it with until-step)" : ""));
    }
  }

  /** Channel faults strike MIMO links only; a rate fault digital links only. */
  private void checkLinkKind(Section f, FaultKind kind, String target) {
    LinkSpec link = target == null || kind.target() != FaultSpec.Target.LINK ? null : links.get(target);
    if (link == null) return;
    boolean channelFault = kind == FaultKind.SNR || kind == FaultKind.FADE || kind == FaultKind.CHANNEL_JUMP;
    if (channelFault && !link.kind().isMimo()) {
      f.problem("kind", "a " + Section.configName(kind) + " fault needs a mimo-oac or mimo-digital link; "
          + target + " is " + Section.configName(link.kind()));
    } else if (kind == FaultKind.RATE && link.kind().isMimo()) {
      f.problem("kind", "a rate fault needs a digital link; the rate of " + target
          + " follows from its bandwidth and SNR (use an snr or fade fault)");
    }
  }

  /** The link or node a fault strikes, named by the key its kind asks for; {@code null} after a problem. */
  private String faultTarget(Section f, FaultKind kind) {
    FaultSpec.Target wanted = kind.target();
    for (FaultSpec.Target other : FaultSpec.Target.values()) {
      if (other != wanted && f.hasOwn(other.key())) {
        f.problem(other.key(), "a " + Section.configName(kind) + " fault strikes a " + wanted.key() + ", not a " + other.key());
      }
    }
    String id = f.string(wanted.key());
    Set<String> known = wanted == FaultSpec.Target.LINK ? linkIds : nodeIds;
    if (id != null && !known.contains(id)) f.problem(wanted.key(), "unknown " + wanted.key() + " \"" + id + "\"");
    return id;
  }

  /** A node joins once, at a step or a time. */
  private static void checkJoin(Section f) {
    if (!f.has("at-step") && !f.has("at-time")) f.problem("at-step", "a join needs at-step or at-time");
    for (String end : List.of("until-step", "duration")) {
      if (f.hasOwn(end)) f.problem(end, "does not apply to a join (a node that leaves again crashes: use a crash fault)");
    }
  }

  /** Reads fault parameter {@code p} if the kind uses it (it is then required), else {@code unused}. */
  private static <T> T parameter(
      Section f, List<String> used, String kindName, String p, Function<String, T> reader, T unused) {
    if (!used.contains(p)) return unused;
    if (f.has(p)) return reader.apply(p);
    f.problem(p, "required for a " + kindName + " fault");
    return null;
  }

  private RuntimeSpec runtime(Section s) {
    int start = problems.size();
    s.checkKeys("retry-timeout", "max-retries", "time-scale", "response-timeout", "checkpoint-every", "on-divergence",
        "report-every");
    Duration retryTimeout = s.duration("retry-timeout", Bound.POSITIVE);
    Integer maxRetries = s.integer("max-retries", Bound.POSITIVE);
    Double timeScale = s.real("time-scale", Bound.NON_NEGATIVE);
    Duration responseTimeout = s.duration("response-timeout", Bound.POSITIVE);
    Integer checkpointEvery = s.integer("checkpoint-every", Bound.NON_NEGATIVE);
    RuntimeSpec.OnDivergence onDivergence = s.choice("on-divergence", RuntimeSpec.OnDivergence.class);
    Duration reportEvery = s.duration("report-every", Bound.NON_NEGATIVE);
    return build(start,
        () -> new RuntimeSpec(
            retryTimeout, maxRetries, timeScale, responseTimeout, checkpointEvery, onDivergence, reportEvery));
  }

  /** {@code node-id = jvm-name}: pins nodes to named JVMs of a multi-JVM run. */
  private Map<String, String> placement(Section s) {
    int start = problems.size();
    Map<String, String> pins = new LinkedHashMap<>();
    for (String id : s.ownKeys()) {
      String jvm = s.string(id);
      if (!nodeIds.contains(id)) s.problem(id, "unknown node \"" + id + "\"");
      else if (jvm != null && !ID.matcher(jvm).matches()) {
        s.problem(id, "\"" + jvm + "\" is not a JVM name (use letters, digits, '-' and '_')");
      } else if (jvm != null) pins.put(id, jvm);
    }
    return problems.size() == start ? pins : null;
  }

  private OutputSpec output(Section s) {
    int start = problems.size();
    s.checkKeys("directory");
    Path directory = s.file("directory");
    return build(start, () -> new OutputSpec(directory));
  }

  private static OptionalInt optional(Integer value) {
    return value == null ? OptionalInt.empty() : OptionalInt.of(value);
  }

  private static ConfigObject defaultsOf(ConfigObject parent, String key) {
    return parent.get(key) instanceof ConfigObject o ? o : ConfigFactory.empty().root();
  }
}
