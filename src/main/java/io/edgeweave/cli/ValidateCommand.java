package io.edgeweave.cli;

import io.edgeweave.scenario.ScenarioException;
import io.edgeweave.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edgeweave validate FILE...}: "ok" or one line per problem, exit 2 if any. A file with a sweep block
 * is checked with every run of its sweep.
 */
@Command(
    name = "validate",
    description = "Check scenario files without running them.",
    footerHeading = "%nExample:%n",
    footer = "  ./edgeweave validate scenarios/*.conf")
final class ValidateCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Scenario files (HOCON).")
  List<Path> files;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a scenario key.")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() {
    int code = Main.OK;
    for (Path file : files) {
      try {
        ScenarioLoader.load(file, overrides);
        String sweep = "";
        if (ScenarioLoader.hasSweep(file)) {
          sweep = " (a sweep of " + ScenarioLoader.loadSweep(file, overrides).runs().size() + " runs)";
        }
        System.out.println((files.size() == 1 ? "ok" : file + ": ok") + sweep);
      } catch (ScenarioException e) {
        e.problems().forEach(System.err::println);
        code = Main.BAD_INPUT;
      }
    }
    return code;
  }
}
