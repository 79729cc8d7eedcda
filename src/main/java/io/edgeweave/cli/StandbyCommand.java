package io.edgeweave.cli;

import com.typesafe.config.Config;
import io.edgeweave.cluster.RunReader;
import io.edgeweave.cluster.StandbyDirector;
import io.edgeweave.data.TrainTest;
import io.edgeweave.scenario.Scenario;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code edgeweave standby}: a standby director, which takes over a run whose director's JVM dies. */
@Command(
    name = "standby",
    description = "Join a cluster as a standby director: when the JVM of a run --cluster dies, resume its run from the"
        + " run folder's newest checkpoint and write its results there (the folder must be on storage this JVM reaches).",
    footerHeading = "%nExample:%n",
    footer = "  ./edgeweave standby --name standby-1 --port 25523 --seeds 127.0.0.1:25520")
final class StandbyCommand implements Callable<Integer> {
  @Mixin MemberOptions member;

  @Mixin ClusterOptions cluster;

  @Override
  public Integer call() throws InterruptedException {
    Config config;
    try {
      config = cluster.load(Optional.ofNullable(member.seeds), Optional.ofNullable(member.name), List.of(StandbyDirector.ROLE),
          Map.of("pekko.coordinated-shutdown.phases.before-service-unbind.timeout", StandbyDirector.STOP_TIMEOUT));
    } catch (IllegalArgumentException e) {
      System.err.println("standby: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    return StandbyDirector.run(config, new Folders(), System.out);
  }

  /** A run folder read as {@code run --resume DIR} reads it. */
  private static final class Folders implements RunReader {
    @Override
    public Loaded read(Path folder) {
      Path file = folder.resolve(RunFolders.SCENARIO);
      Scenario scenario = Inputs.scenario(file, List.of());
      TrainTest data = scenario == null ? null : Inputs.data(file, scenario);
      if (data == null) throw new IllegalArgumentException(file + ": the scenario or its data cannot be read (see above)");
      return new Loaded(scenario, data);
    }

    @Override
    public Optional<String> resumeProblem(Path folder) {
      return RunFolders.resumeProblem(folder);
    }
  }
}
