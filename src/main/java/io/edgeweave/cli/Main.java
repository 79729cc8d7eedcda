package io.edgeweave.cli;

import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code edgeweave} command. Exit codes: 0 done, 1 the run failed, 2 bad input. */
@Command(
    name = "edgeweave",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    footerHeading = "%nExample:%n",
    footer = "  ./edgeweave run scenarios/quickstart.conf%n%nEvery command has --help; docs: README.md and docs/.",
    versionProvider = Main.Version.class,
    description = "Actor-based runtime for edge-cloud distributed neural networks.",
    subcommands = {RunCommand.class, ValidateCommand.class, SweepCommand.class, PlanCommand.class, NodeCommand.class,
        StandbyCommand.class, BenchCommand.class, StudyCommand.class})
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int RUN_FAILED = 1;
  public static final int BAD_INPUT = 2;

  public static void main(String[] args) {
    // logging set up before any other thread logs: SLF4J would otherwise warn that it replays their calls
    LoggerFactory.getILoggerFactory();
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(Main::unexpected);
    cli.setParameterExceptionHandler(Main::badArguments);
    return cli;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** A mistyped command line: one line that names the mistake and where the usage is, exit 2. */
  private static int badArguments(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    String command = cli.getCommandSpec().qualifiedName(" ");
    cli.getErr().println(command + ": " + e.getMessage() + " (" + command + " --help shows the usage)");
    cli.getErr().flush();
    return BAD_INPUT;
  }

  /** One line for the user; the stack trace only when asked for with EDGEWEAVE_DEBUG=1. */
  private static int unexpected(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    err.println("edgeweave: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
    if ("1".equals(System.getenv("EDGEWEAVE_DEBUG"))) e.printStackTrace(err);
    err.flush();
    return RUN_FAILED;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"edgeweave " + (version != null ? version : "dev")};
    }
  }
}
