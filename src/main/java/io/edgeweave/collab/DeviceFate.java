package io.edgeweave.collab;

import io.edgeweave.scenario.Seeds;
import java.util.SplittableRandom;

/**
 * Whether a selected device fails in a round, and after how many of its local steps: it completes
 * ({@code NONE}), goes silent ({@code DROPOUT}), or its actor fails ({@code CRASH}). Drawn from
 * (seed, round, device) alone, so it does not depend on which thread runs the device or when.
 *
 * @param afterSteps local steps trained before the failure, in [0, localSteps]
 */
public record DeviceFate(Kind kind, int afterSteps) {
  public enum Kind {
    NONE,
    DROPOUT,
    CRASH
  }

  public static DeviceFate draw(long seed, int round, int device, double dropout, double crash, int localSteps) {
    if (dropout == 0 && crash == 0) return new DeviceFate(Kind.NONE, localSteps);
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "fate/" + round + "/" + device));
    double u = rng.nextDouble();
    Kind kind = u < crash ? Kind.CRASH : u < crash + dropout ? Kind.DROPOUT : Kind.NONE;
    return new DeviceFate(kind, kind == Kind.NONE ? localSteps : rng.nextInt(localSteps + 1));
  }
}
