package io.edgeweave.collab;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The exact sum of float32 vectors weighted by whole numbers, per element, in fixed point: each product
 * {@code weight * value} is added without rounding, so the sum does not depend on the order of the additions and
 * a round's updates can be folded in as they arrive instead of being held until the round closes (ADR 32).
 *
 * <p>A float32 value is {@code m * 2^(e - 150)} with a 24-bit integer {@code m}; times a weight below 2^31 it is an
 * integer of at most 55 bits, shifted by at most 253 bits above 2^-149. Each element keeps {@value #LIMBS} limbs of
 * 32 bits in longs, so carries wait: a limb takes 2^29 additions before they are propagated. Infinities and NaNs
 * are summed apart, in double, where their sum does not depend on order either.
 */
final class ExactWeightedSum {
  private static final int LIMBS = 10;
  private static final long LOW = 0xFFFF_FFFFL;
  private static final double[] LIMB_SCALE = new double[LIMBS];

  static {
    for (int i = 0; i < LIMBS; i++) LIMB_SCALE[i] = Math.scalb(1.0, 32 * i - 149);
  }

  private final int size;
  private final long[] limbs;
  private final long additionsBeforeCarry;
  private long additions;
  private long totalWeight;
  /** Sum of the non-finite values per element, created with the first. */
  private double[] nonFinite;

  ExactWeightedSum(int size) {
    this(size, 1L << 29);
  }

  /** With carries propagated every {@code additionsBeforeCarry} vectors (tests make it small). */
  ExactWeightedSum(int size, long additionsBeforeCarry) {
    this.size = size;
    this.limbs = new long[size * LIMBS];
    this.additionsBeforeCarry = additionsBeforeCarry;
  }

  int size() {
    return size;
  }

  /** Total weight added so far. */
  long totalWeight() {
    return totalWeight;
  }

  /** Adds {@code weight * values[i]} to element {@code i}, exactly. */
  void add(int weight, FloatBuffer values) {
    if (weight < 0) throw new IllegalArgumentException("negative weight " + weight);
    if (values.remaining() != size) {
      throw new IllegalArgumentException(values.remaining() + " values for a sum of " + size);
    }
    if (additions == additionsBeforeCarry) carryAll();
    additions++;
    totalWeight += weight;
    int start = values.position();
    for (int i = 0; i < size; i++) add(i, weight, values.get(start + i));
  }

  private void add(int element, long weight, float value) {
    int bits = Float.floatToRawIntBits(value);
    int exponent = (bits >>> 23) & 0xFF;
    if (exponent == 0xFF) {
      if (nonFinite == null) nonFinite = new double[size];
      nonFinite[element] += value;
      return;
    }
    long mantissa = bits & 0x7F_FFFF;
    if (exponent == 0) exponent = 1; // subnormal: no hidden bit, the smallest exponent
    else mantissa |= 0x80_0000;
    long product = weight * mantissa; // below 2^55
    if (product == 0) return;
    int position = exponent - 1; // bits above 2^-149
    int shift = position & 31;
    long low = (product & LOW) << shift; // below 2^63
    long high = (product >>> 32) << shift; // below 2^54
    long part0 = low & LOW;
    long part1 = (low >>> 32) + (high & LOW);
    long part2 = high >>> 32;
    int at = element * LIMBS + (position >>> 5);
    if (bits < 0) {
      limbs[at] -= part0;
      limbs[at + 1] -= part1;
      if (part2 != 0) limbs[at + 2] -= part2;
    } else {
      limbs[at] += part0;
      limbs[at + 1] += part1;
      if (part2 != 0) limbs[at + 2] += part2;
    }
  }

  /** Each element's sum divided by {@code divisor}, rounded to float32; the same bits whatever the order of additions. */
  float[] divideBy(double divisor) {
    carryAll();
    float[] out = new float[size];
    for (int i = 0; i < size; i++) {
      double sum = nonFinite != null && nonFinite[i] != 0 ? nonFinite[i] : toDouble(i);
      out[i] = (float) (sum / divisor);
    }
    return out;
  }

  /**
   * Brings every element to its one canonical form: limbs below the top in [0, 2^32), the top one signed. Two
   * sums of the same value then have the same limbs, whatever the order of their additions.
   */
  private void carryAll() {
    for (int i = 0; i < size; i++) {
      int at = i * LIMBS;
      long carry = 0;
      for (int k = 0; k < LIMBS - 1; k++) {
        long limb = limbs[at + k] + carry;
        limbs[at + k] = limb & LOW;
        carry = limb >> 32;
      }
      limbs[at + LIMBS - 1] += carry;
    }
    additions = 0;
  }

  /** A canonical element as a double: its magnitude summed from the top limb down (each limb's term exact). */
  private double toDouble(int element) {
    int at = element * LIMBS;
    long[] magnitude = Arrays.copyOfRange(limbs, at, at + LIMBS);
    boolean negative = magnitude[LIMBS - 1] < 0;
    if (negative) negate(magnitude);
    double sum = 0;
    for (int k = LIMBS - 1; k >= 0; k--) sum += magnitude[k] * LIMB_SCALE[k];
    return negative ? -sum : sum;
  }

  /** Two's complement of canonical limbs, in place, leaving them canonical. */
  private static void negate(long[] limbs) {
    long carry = 1;
    for (int k = 0; k < LIMBS - 1; k++) {
      long limb = (~limbs[k] & LOW) + carry;
      limbs[k] = limb & LOW;
      carry = limb >>> 32;
    }
    limbs[LIMBS - 1] = ~limbs[LIMBS - 1] + carry;
  }
}
