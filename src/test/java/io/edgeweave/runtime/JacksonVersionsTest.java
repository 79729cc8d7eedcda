package io.edgeweave.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Pekko's Jackson modules and ours (CSV) run at one version, the jackson-bom's. That it is the version Pekko was
 * built with is the pom's comment to follow on an upgrade (dependency:tree shows what Pekko asks for).
 */
class JacksonVersionsTest {
  @Test
  void everyJacksonModuleRunsAtOneVersion() {
    String databind = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
    assertEquals(databind, com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString(), "jackson-core");
    assertEquals(databind, com.fasterxml.jackson.dataformat.cbor.PackageVersion.VERSION.toString(), "jackson-dataformat-cbor");
    assertEquals(databind, com.fasterxml.jackson.dataformat.csv.PackageVersion.VERSION.toString(), "jackson-dataformat-csv");
  }
}
