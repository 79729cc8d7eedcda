package io.edgeweave.genai.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeweave.genai.QualityJudge;
import io.edgeweave.genai.StrategyResult;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenAiOutputsTest {
  @Test
  void requestRowsWithSeparatorsOrQuotesAreQuoted() throws IOException {
    String[] row = {"fine-tune", "3", "edge, \"north\"", "7", "12.500", "40.250", "cloud", "true", "false"};
    String csv = GenAiOutputs.requestsCsv(List.<String[]>of(row));
    assertEquals(String.join(",", GenAiOutputs.REQUESTS_HEADER) + "\n"
        + "fine-tune,3,\"edge, \"\"north\"\"\",7,12.500,40.250,cloud,true,false\n", csv);
  }

  @Test
  void qualityRowsCarryOneLinePerStrategyAndClass() throws IOException {
    StrategyResult r = new StrategyResult("edge-only (a,b)", 12.0, Double.NaN, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        List.of(new QualityJudge.ClassQuality(2, 10.25, 0.75, 0.5), new QualityJudge.ClassQuality(5, 3.0, 0.125)));
    assertEquals("strategy,class,frechet,frechet_sd,fidelity\n"
        + "\"edge-only (a,b)\",2,10.2500,0.5000,0.7500\n"
        + "\"edge-only (a,b)\",5,3.0000,,0.1250\n", GenAiOutputs.qualityCsv(List.of(r)));
  }
}
