package io.edgeweave.collab;

import io.edgeweave.scenario.Distribution;
import io.edgeweave.scenario.DevicesSpec;
import io.edgeweave.scenario.Seeds;
import java.util.SplittableRandom;

/**
 * Each device's compute rate and link rates, drawn once from the fleet's distributions with the scenario
 * seed (one stream per quantity, in device order), and kept in flat arrays shared by the whole fleet.
 */
public final class DeviceProfiles {
  private final float[] flopsPerSecond;
  private final float[] uplinkBitsPerSecond;
  private final float[] downlinkBitsPerSecond;

  private DeviceProfiles(float[] flops, float[] uplink, float[] downlink) {
    this.flopsPerSecond = flops;
    this.uplinkBitsPerSecond = uplink;
    this.downlinkBitsPerSecond = downlink;
  }

  public static DeviceProfiles draw(DevicesSpec spec, long seed) {
    return new DeviceProfiles(
        draw(spec.flops(), spec.count(), Seeds.derive(seed, "devices/flops")),
        draw(spec.uplink(), spec.count(), Seeds.derive(seed, "devices/uplink")),
        draw(spec.downlink(), spec.count(), Seeds.derive(seed, "devices/downlink")));
  }

  private static float[] draw(Distribution distribution, int count, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] values = new float[count];
    for (int i = 0; i < count; i++) values[i] = (float) distribution.sample(rng);
    return values;
  }

  public int count() {
    return flopsPerSecond.length;
  }

  public double flopsPerSecond(int device) {
    return flopsPerSecond[device];
  }

  public double uplinkBitsPerSecond(int device) {
    return uplinkBitsPerSecond[device];
  }

  public double downlinkBitsPerSecond(int device) {
    return downlinkBitsPerSecond[device];
  }
}
