package io.edgeweave.scenario;

import static io.edgeweave.scenario.ScenarioFixture.assertProblems;
import static io.edgeweave.scenario.ScenarioFixture.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code workload.type = collaborative-training}: defaults, device distributions, and each rule's exact problem. */
class CollaborativeTrainingReaderTest {
  /** Tests replace text within a line so that line numbers stay put. */
  private static final String BASE = """
      name = fed
      nodes { cloud { role = cloud }, gateway { role = edge } }
      workload {
        type = collaborative-training
        cloud = cloud
        devices { count = 500 }
      }
      """;

  private static String base(String from, String to) {
    assertTrue(BASE.contains(from), from);
    return BASE.replace(from, to);
  }

  @Test
  void fillsInDefaults() throws ScenarioException {
    CollaborativeTrainingSpec w = (CollaborativeTrainingSpec) load(BASE).workload();

    assertEquals(new CollaborativeTrainingSpec("cloud",
        new DevicesSpec(500, Distribution.fixed(1e9), Distribution.fixed(10e6), Distribution.fixed(50e6),
            Duration.ofMillis(20), Duration.ZERO, 0, 0, 0, 0, 0),
        20, 0.1, 0, 5, 32, Duration.ZERO, "fedavg", 5, 0), w);
    assertEquals(50, w.perRound());
    assertTrue(!w.hasDeadline());
  }

  @Test
  void ratesAreQuantitiesOrDistributions() throws ScenarioException {
    DevicesSpec d = ((CollaborativeTrainingSpec) load(base("count = 500", """
        count = 500, flops = { distribution = log-normal, median = 2 GFLOPS, sigma = 0.5 }
          uplink = { distribution = uniform, min = 1 Mbps, max = 5 Mbps }, downlink = 20 Mbps""")).workload()).devices();

    assertEquals(Distribution.logNormal(2e9, 0.5), d.flops());
    assertEquals(Distribution.uniform(1e6, 5e6), d.uplink());
    assertEquals(Distribution.fixed(20e6), d.downlink());
  }

  @Test
  void participantsReplaceTheParticipationFraction() throws ScenarioException {
    CollaborativeTrainingSpec w = (CollaborativeTrainingSpec) load(base("cloud = cloud", "cloud = cloud, participants = 7")).workload();
    assertEquals(7, w.perRound());
    assertProblems(base("cloud = cloud", "cloud = cloud, participants = 7, participation = 0.5"),
        "t.conf:5: workload.participants: give at most one of participation and participants");
    assertProblems(base("cloud = cloud", "cloud = cloud, participants = 501"),
        "t.conf:5: workload.participants: 501 participants per round, but the fleet has 500 devices");
    assertProblems(base("cloud = cloud", "cloud = cloud, participation = 0"),
        "t.conf:5: workload.participation: must be positive, got 0");
  }

  @Test
  void theCloudMustBeACloudNode() {
    assertProblems(base("cloud = cloud", "cloud = gateway"),
        "t.conf:5: workload.cloud: node gateway aggregates the rounds, so it must be a cloud node, not an edge node");
    assertProblems(base("cloud = cloud", "cloud = sky"), "t.conf:5: workload.cloud: unknown node \"sky\"");
  }

  @Test
  void failingDevicesNeedADeadline() {
    assertProblems(base("count = 500", "count = 500, dropout = 0.1"),
        "t.conf:3: workload.deadline: devices can fail (dropout, crash or link loss), so rounds need a deadline:"
            + " without one the cloud would wait forever for a device that is gone");
    assertProblems(base("cloud = cloud", "cloud = cloud, deadline = 1 s").replace("count = 500", "count = 500, dropout = 0.6, crash = 0.5"),
        "t.conf:6: workload.devices.crash: dropout + crash is the probability that a device fails in a round:"
            + " at most 1, got 1.1");
  }

  @Test
  void unknownWorkloadKeyListsTheKnownOnes() {
    assertProblems(base("cloud = cloud", "cloud = cloud, x = 1"),
        "t.conf:5: workload.x: unknown key (known keys: type, cloud, devices, rounds, participation, participants,"
            + " local-steps, batch-size, deadline, algorithm, eval-every, jvms)");
  }

  @Test
  void badDeviceValuesAreNamed() {
    assertProblems(base("count = 500", "count = 0, loss = 1, flops = { distribution = normal }"),
        "t.conf:6: workload.devices.count: must be positive, got 0",
        "t.conf:6: workload.devices.flops.distribution: unknown value \"normal\" (accepted: fixed, uniform, log-normal)",
        "t.conf:6: workload.devices.loss: a link that loses everything never delivers; use less than 1");
    assertProblems(base("count = 500", "count = 5, uplink = { distribution = uniform, min = 5 Mbps, max = 1 Mbps }"),
        "t.conf:6: workload.devices.uplink.max: must not be below min");
    assertProblems(base("count = 500", "count = 5, flops = { distribution = log-normal, median = fast, sigma = -1 }"),
        "t.conf:6: workload.devices.flops.median: expected a number or a number with one of FLOPS, kFLOPS, MFLOPS,"
            + " GFLOPS, TFLOPS, got \"fast\"",
        "t.conf:6: workload.devices.flops.sigma: must not be negative, got -1");
    assertProblems(base("count = 500", "count = 5, colour = red"),
        "t.conf:6: workload.devices.colour: unknown key (known keys: count, flops, uplink, downlink, propagation,"
            + " jitter, loss, duplicate, dropout, crash, samples)");
  }

  @Test
  void linksOfTheLinksSectionAreRefusedRatherThanIgnored() {
    assertProblems(base("nodes { cloud { role = cloud }, gateway { role = edge } }",
            "nodes { cloud { role = cloud }, gateway { role = edge } }, links { l { from = cloud, to = gateway } }"),
        "t.conf:4: workload.type: collaborative-training uses no links from the links section: each device's link"
            + " to the cloud is described under workload.devices");
  }

  @Test
  void aKillJvmFaultNamesAnEdgeJvmOfTheFleetAndARound() throws ScenarioException {
    FaultSpec kill = load(base("count = 500", "count = 500 }, jvms = 3, rounds = 10, devices { samples = 0")
        + "faults = [{ jvm = 2, kind = kill-jvm, at-step = 4 }]\n").faults().get(0);
    assertEquals(FaultSpec.FaultKind.KILL_JVM, kill.kind());
    assertEquals("2", kill.target());
    assertEquals(4, kill.atStep().getAsInt());
  }

  @Test
  void badKillJvmFaultsAreNamedByTheirField() {
    String threeJvms = base("count = 500", "count = 500 }, jvms = 3, rounds = 10, devices { samples = 0");
    assertProblems(threeJvms + "faults = [{ node = gateway, kind = kill-jvm, at-step = 3 }]\n",
        "t.conf:8: faults[0].node: a kill-jvm fault of a collaborative-training run strikes an edge JVM: use jvm = N",
        "t.conf:8: faults[0].jvm: required: the edge JVM to kill, 1 to workload.jvms");
    assertProblems(threeJvms + "faults = [{ jvm = 4, kind = kill-jvm, at-step = 3 }]\n",
        "t.conf:8: faults[0].jvm: the fleet spreads over 3 edge JVMs (workload.jvms): no JVM 4");
    assertProblems(threeJvms + "faults = [{ jvm = 1, kind = kill-jvm, at-step = 10 }]\n",
        "t.conf:8: faults[0].at-step: a collaborative kill-jvm strikes as round at-step opens (0 to 9), not 10");
    assertProblems(BASE + "faults = [{ jvm = 1, kind = kill-jvm, at-step = 3 }]\n",
        "t.conf:8: faults[0].jvm: set workload.jvms (at least 2) to the edge JVMs the fleet spreads over, for a"
            + " kill-jvm to strike one");
    assertProblems(threeJvms + "faults = [{ jvm = 1, kind = kill-jvm, at-step = 3 }, { jvm = 1, kind = kill-jvm, at-step = 5 }]\n",
        "t.conf:8: faults[1].jvm: edge JVM 1 is killed twice");
    assertProblems(threeJvms + "faults = [{ jvm = 1, kind = kill-jvm, at-step = 3 }, { jvm = 2, kind = kill-jvm, at-step = 5 },"
            + " { jvm = 3, kind = kill-jvm, at-step = 6 }]\n",
        "t.conf:8: faults[2].jvm: every one of the 3 edge JVMs (workload.jvms) would be killed: leave one");
    assertProblems(BASE + "faults = [{ node = gateway, kind = pause-jvm, at-step = 3, duration = 1 s }]\n",
        "t.conf:8: faults[0].kind: a pause-jvm fault strikes the nodes of split-training runs, not of a"
            + " collaborative-training run");
    assertProblems(BASE + "faults = [{ jvm = 1, kind = crash, node = gateway, at-step = 3 }]\n",
        "t.conf:8: faults[0].jvm: names an edge JVM only in a kill-jvm fault of a collaborative-training run");
  }

  @Test
  void unknownAlgorithmListsTheKnownOnes() {
    assertProblems(base("cloud = cloud", "cloud = cloud, algorithm = fedprox"),
        "t.conf:5: workload.algorithm: unknown value \"fedprox\" (accepted: fedavg)");
  }
}
