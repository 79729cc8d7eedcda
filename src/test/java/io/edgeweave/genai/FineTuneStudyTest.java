package io.edgeweave.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.data.SyntheticDataset;
import io.edgeweave.data.TrainTest;
import io.edgeweave.genai.ExpertMixture.Part;
import io.edgeweave.nn.Nd4jSetup;
import io.edgeweave.scenario.GenAiSpec;
import io.edgeweave.scenario.Scenario;
import io.edgeweave.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FineTuneStudyTest {
  static final GenAiSpec.Assembly ASSEMBLY = new GenAiSpec.Assembly(8000, 4, 64, 0.001);

  @BeforeAll
  static void threads() {
    Nd4jSetup.singleThreaded();
  }

  @Test
  void aVariantTakesTheScenarioSettingsItDoesNotName() {
    FineTuneStudy.Variant v = FineTuneStudy.Variant.parse("name=slow,tune=gate+decoders,lr=1e-4", ASSEMBLY);
    assertEquals(new FineTuneStudy.Variant("slow", EnumSet.of(Part.GATE, Part.DECODERS), 1e-4, 4, 8000), v);
    assertEquals("gate+decoders", v.tuned());
    FineTuneStudy.Variant all = FineTuneStudy.Variant.parse("epochs=9,samples=100", ASSEMBLY);
    assertEquals(EnumSet.allOf(Part.class), all.parts());
    assertEquals("all", all.tuned());
    assertEquals(9, all.epochs());
    assertEquals(100, all.samples());
    assertEquals(0.001, all.learningRate());
    assertEquals(EnumSet.of(Part.GATE, Part.ENCODERS, Part.DECODERS), FineTuneStudy.Variant.parse("tune=experts+gate", ASSEMBLY).parts());
  }

  @Test
  void aBadVariantIsRefusedWithOneLineNamingWhat() {
    assertRefused("name=x,speed=2", "unknown key \"speed\"");
    assertRefused("tune=gate+heads", "tune: unknown part \"heads\"");
    assertRefused("lr=-0.1", "lr must be positive");
    assertRefused("lr=fast", "lr must be a number, got \"fast\"");
    assertRefused("epochs=0", "epochs must be positive");
    assertRefused("samples=1.5", "samples must be a whole number");
    assertRefused("tune", "\"tune\" is not key=value");
    assertRefused("lr=1,lr=2", "key lr given twice");
    assertRefused("name=a b", "name: letters, digits");
    assertEquals("epochs=9/samples=100", FineTuneStudy.Variant.parse("epochs=9,samples=100", ASSEMBLY).name());
    List<FineTuneStudy.Variant> twins = List.of(FineTuneStudy.Variant.parse("name=a", ASSEMBLY), FineTuneStudy.Variant.parse("name=a,lr=1", ASSEMBLY));
    assertThrows(IllegalArgumentException.class, () -> new FineTuneStudy.Settings(List.of(1L), twins, 10, 10, 10, 10, List.of(), 0));
  }

  private static void assertRefused(String text, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FineTuneStudy.Variant.parse(text, ASSEMBLY));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void theDefaultsCoverEveryPartSetAroundTheScenarioSettings() {
    List<FineTuneStudy.Variant> variants = FineTuneStudy.defaultVariants(ASSEMBLY);
    assertEquals("freeze", variants.get(0).name());
    assertEquals(EnumSet.of(Part.GATE, Part.PROJECTIONS), variants.get(0).parts());
    Set<String> tuned = new java.util.HashSet<>();
    variants.forEach(v -> tuned.add(v.tuned()));
    assertEquals(Set.of("gate", "gate+projections", "gate+projections+encoders", "gate+projections+decoders", "all"), tuned);
  }

  @Test
  void theTableGivesMeanSdAndPairedDifferencesOverSeeds() {
    List<FineTuneStudy.Row> rows = new ArrayList<>();
    double[][] fd = {{100, 110}, {102, 116}, {104, 122}}; // per seed: freeze, fine-tune
    for (int s = 0; s < 3; s++) {
      rows.add(new FineTuneStudy.Row(s, "freeze", "gate+projections", 1e-3, 10, 4, fd[s][0], 99, 101, 0.5, 1, 2));
      rows.add(new FineTuneStudy.Row(s, "fine-tune", "all", 1e-3, 10, 4, fd[s][1], Double.NaN, Double.NaN, 0.4, 1, 2));
    }
    assertEquals(new FineTuneReport.Summary(102, 2, 3), FineTuneReport.Summary.of(List.of(100.0, 102.0, 104.0)));
    FineTuneReport.Summary paired = FineTuneReport.paired(rows, "fine-tune", "freeze", 4);
    assertEquals(14, paired.mean(), 1e-9);
    assertEquals(4, paired.sd(), 1e-9);
    String table = FineTuneReport.table(rows, "freeze", 4);
    assertTrue(table.contains("| fine-tune | all | 0.0010 | 10 | 4 | 116.0 ± 6.0 (3) | +14.0 ± 4.0 (3) | – | 0.400 ± 0.000 (3) |"), table);
    assertTrue(table.contains("| freeze | gate+projections | 0.0010 | 10 | 4 | 102.0 ± 2.0 (3) | +0.0 ± 0.0 (3) | 1.0 ± 0.0 (3) |"), table);
  }

  static final String SCENARIO = """
      name = tiny-study
      seed = 3
      nodes { a { role = edge }, b { role = edge }, c { role = cloud } }
      links { la { from = a, to = c }, lb { from = b, to = c } }
      data { source = synthetic, synthetic { train = 400, test = 200 } }
      workload {
        type = genai, cloud = c, edges = [a, b]
        experts = [{ hidden = [16], latent = 3 }, { hidden = [12], latent = 4 }]
        local { epochs = 1, batch-size = 32 }
        assembly { samples = 200, epochs = 2, batch-size = 32 }
        categories { low = [0, 1, 2, 3, 4], high = [5, 6, 7, 8, 9] }
        top-k = 2
      }
      """;

  @Test
  void aTinyStudyIsTheSameTwiceAndJudgesEveryEpoch(@TempDir Path cache) throws Exception {
    Scenario scenario = ScenarioLoader.parse(SCENARIO, "tiny.conf", List.of());
    GenAiSpec spec = (GenAiSpec) scenario.workload();
    TrainTest data = SyntheticDataset.generate(3, 400, 200, 784, 10);
    Referee referee = Referee.trainOrLoad(data.train(), data.test(), RefereeTest.TINY, 3, cache);
    QualityJudge judge = new QualityJudge(referee, data.test());
    FineTuneStudy.Settings settings = new FineTuneStudy.Settings(List.of(3L),
        List.of(FineTuneStudy.Variant.parse("name=freeze,tune=gate+projections,epochs=3", spec.assembly()),
            FineTuneStudy.Variant.parse("name=decoders,tune=decoders,epochs=1,samples=100", spec.assembly())),
        6, 20, 40, 60, List.of(4), 2);
    List<FineTuneStudy.Row> first = new ArrayList<>();
    List<FineTuneStudy.Spread> spreads = new ArrayList<>();
    FineTuneStudy.runSeed(spec, scenario.data(), data, judge, 3, settings, true, line -> {}, first::add, spreads::add);
    List<FineTuneStudy.Row> second = new ArrayList<>();
    FineTuneStudy.runSeed(spec, scenario.data(), data, judge, 3, settings, false, line -> {}, second::add, s -> {});
    assertEquals(first, second, "one seed, one study");

    assertEquals(1 + 3 + 1, first.size(), "the untrained assembly, then every epoch of every variant");
    assertEquals(FineTuneStudy.ASSEMBLED, first.get(0).variant());
    for (FineTuneStudy.Row r : first) {
      boolean interval = r.epoch() == 0 || r.epoch() == 2 || r.variant().equals("freeze") && r.epoch() == 3
          || r.variant().equals("decoders");
      assertEquals(interval, !Double.isNaN(r.lower()), r.toString());
      if (interval) assertTrue(r.lower() <= r.frechet() && r.frechet() <= r.upper(), r.toString());
      assertTrue(r.heldOutLoss() > 0 && r.testLoss() > 0, r.toString());
    }
    assertEquals(2, spreads.size(), "the freeze model at the scenario's epochs, 4 images per class, 2 draws");
    assertTrue(spreads.get(0).frechet() != spreads.get(1).frechet(), "independent draws");

    String table = FineTuneReport.table(first, "freeze", spec.assembly().epochs());
    assertTrue(table.contains("| freeze | gate+projections | 0.0010 | 200 | 2 |"), table);
    assertTrue(table.contains("| decoders | decoders |"), table);
  }
}
