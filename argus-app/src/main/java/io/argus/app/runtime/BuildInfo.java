package io.argus.app.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;

/**
 * What was built and what it runs on: the version, git revision and branch and build date that
 * Maven writes into {@code argus-version.properties}, plus the Java runtime and platform. A value
 * that the build could not determine (outside a git checkout, or in an IDE build that skipped
 * resource filtering) reads {@code unknown}.
 *
 * @param version the project version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param revision the full git commit id
 * @param branch the git branch
 * @param buildDate UTC build time as {@code yyyyMMdd-HH:mm:ss}, as Prometheus prints it
 * @param javaVersion the running Java version, e.g. {@code 25.0.1+8-LTS}
 * @param platform {@code os/arch} in Go's spelling, e.g. {@code linux/amd64}
 */
public record BuildInfo(
    String version,
    String revision,
    String branch,
    String buildDate,
    String javaVersion,
    String platform) {

  static final String RESOURCE = "/argus-version.properties";
  static final String UNKNOWN = "unknown";

  /** Reads the build properties from the class path and describes the running JVM. */
  public static BuildInfo load() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + RESOURCE, e);
    }
    return new BuildInfo(
        value(properties, "version"),
        value(properties, "revision"),
        value(properties, "branch"),
        value(properties, "buildDate"),
        Runtime.version().toString(),
        currentPlatform());
  }

  /**
   * The text of {@code argus --version}, in the shape of {@code prometheus --version}, without a
   * trailing newline.
   */
  public String versionText() {
    return String.join(
        "\n",
        "argus, version %s (branch: %s, revision: %s)".formatted(version, branch, revision),
        "  build date:       " + buildDate,
        "  java:             " + javaVersion,
        "  platform:         " + platform);
  }

  private static String value(Properties properties, String key) {
    String value = properties.getProperty(key, "").strip();
    // Unfiltered placeholders and the SCM plugin's own failure markers mean "not known".
    if (value.isEmpty() || value.contains("${") || value.startsWith("UNKNOWN")) {
      return UNKNOWN;
    }
    return value;
  }

  private static String currentPlatform() {
    String os = System.getProperty("os.name", UNKNOWN).toLowerCase(Locale.ROOT);
    if (os.startsWith("mac")) {
      os = "darwin";
    } else if (os.startsWith("windows")) {
      os = "windows";
    }
    String arch = System.getProperty("os.arch", UNKNOWN).toLowerCase(Locale.ROOT);
    arch = switch (arch) {
      case "x86_64" -> "amd64";
      case "aarch64" -> "arm64";
      case "x86", "i386", "i686" -> "386";
      default -> arch;
    };
    return os + "/" + arch;
  }
}
