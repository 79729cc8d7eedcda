package io.edgeweave.cli;

import io.edgeweave.runtime.RunControl;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT (Ctrl-C) and SIGTERM while a run runs: the first asks the run to stop cleanly (finish the step in flight,
 * save a checkpoint, write its summary as interrupted); a second one ends the process at once, which loses nothing
 * committed, since every file of a run folder is written whole or not at all. {@link #close()} gives the signals back
 * to the JVM.
 */
final class StopSignals implements AutoCloseable {
  /** The shell's convention: 128 + the signal's number. */
  private static final Map<String, Integer> EXIT_CODES = Map.of("INT", 130, "TERM", 143);

  private final RunControl control;
  private final PrintStream err;
  private final String stopping;
  private final Map<Signal, SignalHandler> previous = new ConcurrentHashMap<>();
  private volatile String received;

  private StopSignals(RunControl control, PrintStream err, String stopping) {
    this.control = control;
    this.err = err;
    this.stopping = stopping;
  }

  /**
   * Takes SIGINT and SIGTERM over for {@code control}'s run.
   *
   * @param stopping what the first signal does, as told to the user
   */
  static StopSignals install(RunControl control, PrintStream err, String stopping) {
    StopSignals signals = new StopSignals(control, err, stopping);
    for (String name : List.of("INT", "TERM")) {
      Signal signal = new Signal(name);
      signals.previous.put(signal, Signal.handle(signal, signals::handle));
    }
    return signals;
  }

  private void handle(Signal signal) {
    String name = "SIG" + signal.getName();
    if (received != null) {
      err.println("edgeweave: " + name + " again: stopped at once");
      err.flush();
      Runtime.getRuntime().halt(exitCode());
    }
    received = name;
    err.println("edgeweave: " + name + ": " + stopping + " (Ctrl-C again stops at once)");
    err.flush();
    control.interrupt(name);
  }

  /** 130 after SIGINT, 143 after SIGTERM (the first signal received). */
  int exitCode() {
    return received == null ? Main.RUN_FAILED : EXIT_CODES.get(received.substring(3));
  }

  @Override
  public void close() {
    previous.forEach(Signal::handle);
  }
}
