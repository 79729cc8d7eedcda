package io.edgeweave.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DecimalsTest {

  @Test
  void writesPlainDecimalsWithoutBinaryNoise() {
    assertEquals("0.3", Decimals.format(0.1 + 0.2));
    assertEquals("100", Decimals.format(100.0));
    assertEquals("-2.5", Decimals.format(-2.5));
    assertEquals("0", Decimals.format(-0.0));
    assertEquals("1234.567891", Decimals.format(1234.56789123));
  }

  @Test
  void keepsSixSignificantDigitsBelowOne() {
    assertEquals("0.000123457", Decimals.format(0.000123456789));
    assertEquals("0.693147", Decimals.format(Math.log(2)));
  }

  @Test
  void extremeAndNonFiniteValuesKeepJavaForm() {
    assertEquals("1.0E20", Decimals.format(1e20));
    assertEquals("1.0E-12", Decimals.format(1e-12));
    assertEquals("NaN", Decimals.format(Double.NaN));
    assertEquals("Infinity", Decimals.format(Double.POSITIVE_INFINITY));
  }
}
