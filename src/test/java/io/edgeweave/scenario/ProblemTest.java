package io.edgeweave.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import org.junit.jupiter.api.Test;

class ProblemTest {

  @Test
  void printsFileLineKeyAndMessage() {
    assertEquals("a.conf:3: model.inputs: must be positive",
        new Problem("a.conf:3", "model.inputs", "must be positive").toString());
    assertEquals("a.conf: cannot read: no such file",
        new Problem("a.conf", "", "cannot read: no such file").toString());
  }

  @Test
  void locatesValuesOfEachSource() {
    String hocon = "a = 1\nb {\n  c = 2\n}\n";
    var file = ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription("x.conf"));
    assertEquals("x.conf:3", Problem.where(file.getValue("b.c").origin()));
    var override =
        ConfigFactory.parseString("a = 5", ConfigParseOptions.defaults().setOriginDescription(Problem.OVERRIDES));
    assertEquals("--set", Problem.where(override.getValue("a").origin()));
    // merging two sources keeps the first one's place
    var merged = ConfigFactory.parseString("b { d = 3 }", ConfigParseOptions.defaults().setOriginDescription("y.conf"))
        .withFallback(file);
    assertEquals("y.conf:1", Problem.where(merged.getObject("b").origin()));
  }
}
