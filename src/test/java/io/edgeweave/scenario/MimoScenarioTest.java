package io.edgeweave.scenario;

import static io.edgeweave.scenario.ScenarioFixture.assertProblems;
import static io.edgeweave.scenario.ScenarioFixture.base;
import static io.edgeweave.scenario.ScenarioFixture.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Over-the-air and digital MIMO links, channel faults and CNN models in scenario files. */
class MimoScenarioTest {
  private static final String DIGITAL_LINK = "device-edge { from = device-1, to = edge-1 }";

  private static String air(String settings) {
    return base(DIGITAL_LINK, "device-edge { from = device-1, to = edge-1, kind = mimo-oac" + settings + " }");
  }

  @Test
  void anOverTheAirLinkReadsItsChannelWithDefaults() throws ScenarioException {
    Scenario s = load(air(", transmit-antennas = 4, snr = 15 dB, channel { model = quasi-static, rho = 0.9 }"));
    LinkSpec link = s.links().get("device-edge");
    assertEquals(LinkKind.MIMO_OAC, link.kind());
    assertEquals(
        new MimoSpec(4, 8, true, MimoSpec.ChannelModel.QUASI_STATIC, 0.9, 1, 0, 0, 15, 15, 1e6, 1, 0, MimoSpec.Payload.ACTIVATIONS, MimoSpec.Estimation.NONE), link.mimo());
    assertNull(s.links().get("edge-cloud").mimo());
  }

  @Test
  void snrMayBeOffOrNegativeAndTheBackwardSnrDiffer() throws ScenarioException {
    MimoSpec m = load(air(", snr = -3, backward-snr = off")).links().get("device-edge").mimo();
    assertEquals(-3, m.snrDb());
    assertEquals(Double.POSITIVE_INFINITY, m.backwardSnrDb());
    assertEquals(8, load(base(DIGITAL_LINK, "device-edge { from = device-1, to = edge-1, kind = mimo-digital }"))
        .links().get("device-edge").mimo().bits());
  }

  @Test
  void keysOfOtherLinkKindsAreRefused() {
    assertProblems(air(", rate = 10 Mbps, bits = 4"),
        "t.conf:8: links.device-edge.bits: does not apply to a mimo-oac link",
        "t.conf:8: links.device-edge.rate: does not apply to a mimo-oac link (its rate follows from its bandwidth and SNR)");
    assertProblems(base(DIGITAL_LINK, "device-edge { from = device-1, to = edge-1, snr = 10 dB }"),
        "t.conf:8: links.device-edge.snr: does not apply to a digital link");
  }

  @Test
  void aDigitalMimoLinkMaySendTheOverTheAirBottleneck() throws ScenarioException {
    String digital = "device-edge { from = device-1, to = edge-1, kind = mimo-digital%s }";
    assertEquals(MimoSpec.Payload.ACTIVATIONS,
        load(base(DIGITAL_LINK, digital.formatted(""))).links().get("device-edge").mimo().payload());
    assertEquals(MimoSpec.Payload.PRECODER,
        load(base(DIGITAL_LINK, digital.formatted(", payload = precoder"))).links().get("device-edge").mimo().payload());
    assertProblems(base(DIGITAL_LINK, digital.formatted(", payload = gradients")),
        "t.conf:8: links.device-edge.payload: unknown value \"gradients\" (accepted: activations, precoder)");
    assertProblems(air(", payload = precoder"), "t.conf:8: links.device-edge.payload: does not apply to a mimo-oac link");
  }

  @Test
  void anOverTheAirLinkMayEstimateItsChannelFromPilots() throws ScenarioException {
    MimoSpec m = load(air(", transmit-antennas = 4, estimation { pilots = 16, estimator = mmse }"))
        .links().get("device-edge").mimo();
    assertEquals(new MimoSpec.Estimation(16, MimoSpec.Estimator.MMSE), m.estimation());
    assertEquals(8, m.combinerDims());
    assertEquals(MimoSpec.Estimation.NONE, load(air("")).links().get("device-edge").mimo().estimation());
    assertEquals(MimoSpec.Estimation.NONE,
        load(air(", estimation { pilots = 0 }")).links().get("device-edge").mimo().estimation());
  }

  @Test
  void pilotsMustSeeEveryTransmitAntennaAndOnlyOverTheAir() {
    assertProblems(air(", transmit-antennas = 4, estimation { pilots = 3 }"),
        "t.conf:8: links.device-edge.estimation.pilots: at least one pilot per transmit antenna (4) to estimate every"
            + " column of H, got 3");
    assertProblems(air(", estimation { pilots = -1, estimator = zf, symbols = 2 }"),
        "t.conf:8: links.device-edge.estimation.symbols: unknown key (known keys: pilots, estimator)",
        "t.conf:8: links.device-edge.estimation.pilots: must not be negative, got -1",
        "t.conf:8: links.device-edge.estimation.estimator: unknown value \"zf\" (accepted: ls, mmse)");
    assertProblems(base(DIGITAL_LINK, "device-edge { from = device-1, to = edge-1, kind = mimo-digital,"
            + " estimation { pilots = 8 } }"),
        "t.conf:8: links.device-edge.estimation: does not apply to a mimo-digital link");
  }

  @Test
  void channelValuesAreChecked() {
    assertProblems(air(", snr = loud, bandwidth = 5 GB"),
        "t.conf:8: links.device-edge.snr: expected a number of dB (like 20 dB) or off, got \"loud\"",
        "t.conf:8: links.device-edge.bandwidth: expected a number or a number with one of Hz, kHz, MHz, GHz, got \"5 GB\"");
    assertProblems(air(", channel { model = fast, transmit-correlation = 1 }"),
        "t.conf:8: links.device-edge.channel.model: unknown value \"fast\" (accepted: static, quasi-static, rayleigh-block)",
        "t.conf:8: links.device-edge.channel.transmit-correlation: must be a correlation in [0, 1), got 1");
  }

  @Test
  void thePathMustCrossAnOverTheAirLinkFromItsTransmitter() {
    String reversed = base(DIGITAL_LINK, "device-edge { from = edge-1, to = device-1, kind = mimo-oac }");
    assertProblems(reversed,
        "t.conf:12: workload.path: links.device-edge is over the air from edge-1 to device-1 (its transmit antennas"
            + " are at edge-1), but the path crosses it from device-1 to edge-1");
  }

  @Test
  void channelFaultsNeedMimoLinksAndRateFaultsDigitalOnes() {
    String faults = air("").replace("faults = []", """
        faults = [
        { link = edge-cloud, kind = snr, snr = 3 dB }
        { link = device-edge, kind = rate, rate = 1 Mbps }
        { link = device-edge, kind = fade }
        ]""");
    assertProblems(faults,
        "t.conf:15: faults[0].kind: a snr fault needs a mimo-oac or mimo-digital link; edge-cloud is digital",
        "t.conf:16: faults[1].kind: a rate fault needs a digital link; the rate of device-edge follows from its"
            + " bandwidth and SNR (use an snr or fade fault)",
        "t.conf:17: faults[2].gain: required for a fade fault");
  }

  @Test
  void theMemoryCheckCountsThePrecoder() throws ScenarioException {
    // layer 784×256 needs 200,960 parameters, the precoder to 8 complex antennas 256×16 more; Adam: 12 bytes each
    load(base("memory = 1 GiB", "memory = 2360 KiB"));
    assertProblems(air("").replace("memory = 1 GiB", "memory = 2360 KiB"),
        "t.conf:12: workload.cuts: partition 1 on device-1 needs 2.3 MiB for parameters and optimiser state,"
            + " the node has 2.3 MiB");
  }

  @Test
  void aCnnReadsItsImageAndConvolutions() throws ScenarioException {
    Scenario s = load(base("model { hidden = [256, 128] }",
        "model { type = cnn, hidden = [64], convolutions = [{ filters = 8, kernel = 5, pool = 2 }, { filters = 16 }] }"));
    ModelSpec m = s.model();
    assertEquals(new TensorShape.Grid(1, 28, 28), m.image());
    assertEquals(List.of(new ConvSpec(8, 5, 2), new ConvSpec(16, 3, 1)), m.convolutions());
    assertEquals(4, m.layerCount());
  }

  @Test
  void cnnKeysAreChecked() {
    assertProblems(base("model { hidden = [256, 128] }", "model { type = cnn }"),
        "t.conf:11: model.convolutions: a cnn needs at least one convolution block");
    assertProblems(base("model { hidden = [256, 128] }", "model { convolutions = [{ filters = 8 }] }"),
        "t.conf:11: model.convolutions: applies to cnn models only");
    assertProblems(base("model { hidden = [256, 128] }",
            "model { type = cnn, image { channels = 3 }, convolutions = [{ filters = 8 }] }"),
        "t.conf:11: model.image: 28×28×3 = 2352 values, but the model has 784 inputs");
    assertProblems(base("model { hidden = [256, 128] }",
            "model { type = cnn, convolutions = [{ filters = 8, pool = 4 }, { filters = 8, pool = 8 }] }"),
        "t.conf:11: model.convolutions[1].pool: pooling 8×8 does not fit the 7×7 feature map");
  }
}
