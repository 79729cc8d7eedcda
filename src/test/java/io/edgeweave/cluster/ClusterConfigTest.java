package io.edgeweave.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConfigTest {
  private static ClusterConfig.Flags flags(Map<String, Object> settings) {
    return new ClusterConfig.Flags(Optional.of(Path.of("cluster-config/tls.conf")), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), List.of("edge"), settings);
  }

  @Test
  void aMissingTlsStoreIsOneLineNamingTheFileAndTheSetting(@TempDir Path dir) throws Exception {
    Path truststore = Files.writeString(dir.resolve("truststore.p12"), "x");
    Path missing = dir.resolve("edge-1.p12");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterConfig.load(flags(Map.of(
        "edgeweave.tls.keystore", missing.toString(), "edgeweave.tls.truststore", truststore.toString(),
        "edgeweave.tls.password", "secret"))));
    assertEquals("TLS key-store " + missing + " cannot be read (edgeweave.tls.keystore, EDGEWEAVE_TLS_KEYSTORE)",
        e.getMessage());
  }

  @Test
  void readableStoresPass(@TempDir Path dir) throws Exception {
    Path keystore = Files.writeString(dir.resolve("edge-1.p12"), "x");
    Path truststore = Files.writeString(dir.resolve("truststore.p12"), "x");

    Config config = ClusterConfig.load(flags(Map.of("edgeweave.tls.keystore", keystore.toString(),
        "edgeweave.tls.truststore", truststore.toString(), "edgeweave.tls.password", "secret")));
    assertTrue(config.getString("pekko.remote.artery.ssl.config-ssl-engine.key-store").endsWith("edge-1.p12"));
  }
}
