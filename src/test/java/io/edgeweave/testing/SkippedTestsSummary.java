package io.edgeweave.testing;

import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Says at the end of a test run why tests were skipped (a missing dataset, say), one line per reason, so that
 * a suite that passes with skips tells the user what to install to run them all.
 */
public final class SkippedTestsSummary implements TestExecutionListener {
  private final Map<String, Integer> reasons = new TreeMap<>();

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    reasons.merge(reason, 1, Integer::sum);
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
      String reason = result.getThrowable().map(Throwable::getMessage).orElse("aborted");
      reasons.merge(reason.replaceFirst("^Assumption failed: ", ""), 1, Integer::sum);
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    reasons.forEach((reason, count) ->
        System.err.println("skipped " + count + (count == 1 ? " test or class" : " tests or classes") + ": " + reason));
  }
}
