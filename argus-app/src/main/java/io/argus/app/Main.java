package io.argus.app;

import io.argus.app.runtime.BuildInfo;
import io.argus.app.server.TsdbServerStorage;
import io.argus.app.up.JavaLauncher;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The entry point of the {@code argus} binary (the fat jar's Main-Class). */
public final class Main {
  private static final String TUNNELING_DISABLED_SCHEMES =
      "jdk.http.auth.tunneling.disabledSchemes";

  private Main() {}

  public static void main(String[] args) {
    allowProxyCredentialsOnTunnels();
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int status = run(productionContext(), args, out, err);
    out.flush();
    err.flush();
    System.exit(status);
  }

  /**
   * Lets the JDK HTTP client send Basic credentials from a scrape config's {@code proxy_url} when
   * it tunnels to an HTTPS target through the proxy, as Prometheus does; the JDK refuses by
   * default. Must run before the first HTTP client is built. An operator's own setting wins.
   */
  static void allowProxyCredentialsOnTunnels() {
    if (System.getProperty(TUNNELING_DISABLED_SCHEMES) == null) {
      System.setProperty(TUNNELING_DISABLED_SCHEMES, "");
    }
  }

  /** Runs one {@code argus} command line and returns its exit status. */
  public static int run(ArgusCli.Context context, String[] args, PrintWriter out, PrintWriter err) {
    return ArgusCli.commandLine(context, out, err, args).execute(args);
  }

  /** The real clock, real files, and the storage the server runs on today. */
  public static ArgusCli.Context productionContext() {
    return new ArgusCli.Context(
        BuildInfo.load(),
        Clock.SYSTEM,
        TsdbServerStorage.factory(FileOps.defaults()),
        JavaLauncher.current(Main.class.getName()));
  }
}
