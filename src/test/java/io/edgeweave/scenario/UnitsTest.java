package io.edgeweave.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class UnitsTest {

  @Test
  void ratesTakeStrictSiPrefixes() {
    assertEquals(100e6, Units.bitsPerSecond("100 Mbps"));
    assertEquals(1.5e9, Units.bitsPerSecond("1.5Gbps"));
    assertEquals(12e3, Units.bitsPerSecond(" 12 kbps "));
    assertEquals(9600, Units.bitsPerSecond("9600 bps"));
    assertEquals(2e6, Units.bitsPerSecond("2e6"));
    assertEquals(-5e6, Units.bitsPerSecond("-5 Mbps"));
  }

  @Test
  void wrongRateUnitListsTheAcceptedOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.bitsPerSecond("100 mbps"));
    assertEquals("expected a number or a number with one of bps, kbps, Mbps, Gbps, got \"100 mbps\"", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Units.bitsPerSecond("1 Tbps"));
    assertThrows(IllegalArgumentException.class, () -> Units.bitsPerSecond("fast"));
    assertThrows(IllegalArgumentException.class, () -> Units.bitsPerSecond(""));
  }

  @Test
  void flopsGoUpToTera() {
    assertEquals(2e9, Units.flopsPerSecond("2 GFLOPS"));
    assertEquals(1e12, Units.flopsPerSecond("1 TFLOPS"));
    assertEquals(5e5, Units.flopsPerSecond("500 kFLOPS"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.flopsPerSecond("2 GFLOP"));
    assertEquals("expected a number or a number with one of FLOPS, kFLOPS, MFLOPS, GFLOPS, TFLOPS, got \"2 GFLOP\"",
        e.getMessage());
  }

  @Test
  void bytesReadForPeople() {
    assertEquals("512 B", Units.bytes(512));
    assertEquals("1.0 KiB", Units.bytes(1024));
    assertEquals("2.3 MiB", Units.bytes(2_411_520));
    assertEquals("4.0 GiB", Units.bytes(4L << 30));
  }
}
