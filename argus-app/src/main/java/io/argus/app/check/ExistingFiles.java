package io.argus.app.check;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The file arguments of the check commands must exist, as promtool's ({@code ExistingFiles}). */
final class ExistingFiles {
  private ExistingFiles() {}

  /** Throws a usage error ({@code path 'x' does not exist}) for the first missing file. */
  static void require(CommandSpec spec, List<Path> files) {
    for (Path f : files) {
      if (!Files.exists(f)) {
        throw new ParameterException(spec.commandLine(), "path '" + f + "' does not exist");
      }
    }
  }
}
