package io.edgeweave.genai;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded stream of generation requests. Requests arrive with exponential gaps at edges drawn uniformly;
 * with probability {@code localShare} a request asks for a class drawn from its edge's own data (users near
 * an edge want what that edge has seen), otherwise for a uniformly drawn class.
 */
public final class RequestStream {
  /** One request: {@code images} images of class {@code cls}, wanted by {@code deadlineMs} with fidelity ≥ floor. */
  public record Request(int id, int edge, int cls, int images, double arrivalMs, double deadlineMs, double qualityFloor) {}

  private RequestStream() {}

  /**
   * @param counts {@code edges × classes} samples per class at each edge
   * @param deadlineMs time allowed after arrival
   */
  public static List<Request> generate(
      int requests, double meanIntervalMs, int images, double deadlineMs, double qualityFloor, double localShare,
      long[][] counts, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int classes = counts[0].length;
    List<Request> stream = new ArrayList<>();
    double now = 0;
    for (int id = 0; id < requests; id++) {
      now += -meanIntervalMs * Math.log(1 - random.nextDouble());
      int edge = random.nextInt(counts.length);
      int cls = random.nextDouble() < localShare ? draw(counts[edge], random) : random.nextInt(classes);
      stream.add(new Request(id, edge, cls, images, now, now + deadlineMs, qualityFloor));
    }
    return stream;
  }

  /** A class drawn in proportion to {@code counts} (uniform if all are zero). */
  private static int draw(long[] counts, SplittableRandom random) {
    long total = 0;
    for (long c : counts) total += c;
    if (total == 0) return random.nextInt(counts.length);
    long pick = random.nextLong(total);
    for (int c = 0; c < counts.length; c++) {
      pick -= counts[c];
      if (pick < 0) return c;
    }
    return counts.length - 1;
  }
}
