package io.edgeweave.genai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.nn.Nd4jSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit checkpoints: read back as written, a damaged file left out with a warning, each actor given its own. */
class TrainedUnitsTest {
  @Test
  void aUnitReadsBackAsWrittenAndADamagedOneIsLeftOutWithAWarning(@TempDir Path dir) throws Exception {
    Nd4jSetup.singleThreaded();
    VaeShape shape = new VaeShape(784, 10, List.of(8), 2);
    Cvae model = Cvae.of(shape, Cvae.initialParameters(shape, 7));
    TrainedUnits store = new TrainedUnits(dir);
    store.save(new TrainedUnits.Unit(TrainedUnits.local("a"), VaeSnapshot.of(model), null, 1234));
    store.save(new TrainedUnits.Unit(TrainedUnits.CENTRALISED, VaeSnapshot.of(model), null, 99));

    TrainedUnits.Loaded loaded = store.load();
    assertEquals(List.of(), loaded.warnings());
    TrainedUnits.Unit a = loaded.units().get("local-a");
    assertEquals(1234, a.flops());
    assertArrayEquals(VaeSnapshot.of(model).params().toFloats(), a.vae().params().toFloats());

    Path file = dir.resolve("centralised.ckpt");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);
    TrainedUnits.Loaded damaged = store.load();
    assertEquals(List.of("local-a"), List.copyOf(damaged.units().keySet()));
    assertEquals(1, damaged.warnings().size());
    assertTrue(damaged.warnings().get(0).startsWith(file + ": not a readable checkpoint (its checksum does not match"),
        damaged.warnings().get(0));
  }

  @Test
  void eachEdgeGetsItsOwnUnitsEvenWhenOneNameStartsAnother() {
    TrainedUnits.Unit any = new TrainedUnits.Unit("x", null, null, 0);
    Map<String, TrainedUnits.Unit> units = Map.of(
        TrainedUnits.local("a"), any, TrainedUnits.local("a-1"), any, TrainedUnits.personalised("a", 0), any,
        TrainedUnits.personalised("a-1", 2), any, TrainedUnits.fedAvg("a", 3), any, TrainedUnits.assembly("FREEZE"), any,
        TrainedUnits.CENTRALISED, any);
    assertEquals(List.of("fedavg-a-3", "local-a", "personalised-a-0"), List.copyOf(TrainedUnits.ofEdge(units, "a").keySet()));
    assertEquals(List.of("local-a-1", "personalised-a-1-2"), List.copyOf(TrainedUnits.ofEdge(units, "a-1").keySet()));
    assertEquals(List.of("assembly-FREEZE", "centralised"), List.copyOf(TrainedUnits.ofCloud(units).keySet()));
  }
}
