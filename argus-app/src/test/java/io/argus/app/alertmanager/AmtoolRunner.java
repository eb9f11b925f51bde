package io.argus.app.alertmanager;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's {@code amtool} (bounded in time) and captures its streams and exit code. */
final class AmtoolRunner {
  static final Path AMTOOL = Path.of("/usr/bin/amtool");

  record Result(int exitCode, String out, String err) {}

  private AmtoolRunner() {}

  static boolean available() {
    return Files.isExecutable(AMTOOL);
  }

  static Result run(Path workDir, List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(AMTOOL.toString());
    cmd.addAll(args);
    File out = Files.createTempFile("amtool", ".out").toFile();
    File err = Files.createTempFile("amtool", ".err").toFile();
    try {
      Process p =
          new ProcessBuilder(cmd)
              .directory(workDir.toFile())
              .redirectOutput(out)
              .redirectError(err)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("amtool did not finish: " + cmd);
      }
      return new Result(
          p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
    } finally {
      out.delete();
      err.delete();
    }
  }
}
