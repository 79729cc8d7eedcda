package io.edgeweave.runtime;

import java.time.Duration;

/**
 * What a process fault does to the JVM of a {@link NodeAgent}. A node JVM halts, stops and cuts itself off for
 * real; in a single-JVM run the agent stands for the JVM, and a kill stops the agent and everything it hosts.
 */
public interface HostProcess {
  /** Ends the process at once, as a crash would: no shutdown hooks, no goodbye to the cluster. */
  void halt();

  /** Stops the process (SIGSTOP) and lets it go on after {@code duration} (SIGCONT). */
  void pause(Duration duration);

  /** Drops every message between this JVM and every other for {@code duration}. */
  void isolate(Duration duration);

  /** The agent stands for a JVM of a single-JVM run: nothing to halt, nothing to pause. */
  HostProcess IN_PROCESS =
      new HostProcess() {
        @Override
        public void halt() {}

        @Override
        public void pause(Duration duration) {
          throw new UnsupportedOperationException("pause-jvm needs nodes in their own JVMs (run --cluster)");
        }

        @Override
        public void isolate(Duration duration) {
          throw new UnsupportedOperationException("partition-jvm needs nodes in their own JVMs (run --cluster)");
        }
      };
}
