package io.argus.app.alertmanager;

import io.argus.alertmanager.config.AlertmanagerConfig;
import io.argus.alertmanager.config.ConfigException;
import io.argus.alertmanager.config.ConfigLoader;
import io.argus.alertmanager.config.TemplateFiles;
import io.argus.app.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code argus alertmanager check-config FILE...}: validates Alertmanager configuration files and
 * the templates they name, printing what {@code amtool check-config} prints; exit status 1 when a
 * file or its templates fail or a file does not exist. Without files it reads standard input.
 */
@Command(
    name = "check-config",
    mixinStandardHelpOptions = true,
    description = {
      "Validate alertmanager config files.",
      "",
      "Will validate the syntax and schema for alertmanager config file and associated"
          + " templates. Non existing templates will not trigger errors."
    })
public final class CheckConfigCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "FILE", description = "Files to be validated.")
  List<String> files = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    for (String f : files) {
      if (!Files.exists(Path.of(f))) {
        err.printf("argus: error: path '%s' does not exist%n%n", f);
        err.flush();
        return ExitCodes.RUNTIME_ERROR;
      }
    }
    List<String> args = files.isEmpty() ? List.of("/dev/stdin") : files;
    int failed = 0;
    for (String arg : args) {
      out.printf("Checking '%s'", arg);
      AlertmanagerConfig cfg = null;
      try {
        cfg = ConfigLoader.loadFile(Path.of(arg), ZoneId.systemDefault());
        out.print("  SUCCESS\n");
      } catch (ConfigException e) {
        out.printf("  FAILED: %s%n", e.getMessage());
        failed++;
      } catch (NoSuchFileException e) {
        out.printf("  FAILED: open %s: no such file or directory%n", arg);
        failed++;
      } catch (IOException e) {
        out.printf("  FAILED: read %s: %s%n", arg, e.getMessage());
        failed++;
      }
      if (cfg != null) {
        out.print("Found:\n");
        out.print(" - global config\n");
        out.print(" - route\n");
        out.printf(" - %d inhibit rules%n", cfg.inhibitRules().size());
        out.printf(" - %d receivers%n", cfg.receivers().size());
        out.printf(" - %d templates%n", cfg.templates().size());
        if (!cfg.templates().isEmpty()) {
          try {
            TemplateFiles.check(cfg.templates());
            out.print("  SUCCESS\n");
          } catch (ConfigException e) {
            out.printf("  FAILED: %s%n", e.getMessage());
            failed++;
          }
        }
      }
      out.print("\n");
    }
    out.flush();
    if (failed > 0) {
      err.printf("argus: error: failed to validate %d file(s)%n%n", failed);
      err.flush();
      return ExitCodes.RUNTIME_ERROR;
    }
    return ExitCodes.OK;
  }
}
