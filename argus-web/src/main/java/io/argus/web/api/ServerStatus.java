package io.argus.web.api;

import io.argus.model.labels.Labels;
import java.util.Map;

/**
 * What the status endpoints and {@code /federate} report about the running server. Implementations
 * are thread-safe; values may change on a configuration reload.
 */
public interface ServerStatus {
  /** {@code status/buildinfo}: version, revision, branch, buildUser, buildDate, goVersion. */
  Map<String, String> buildInfo();

  /** {@code status/flags}: every command-line flag and its value, without the leading dashes. */
  Map<String, String> flags();

  /** {@code status/runtimeinfo}, members in upstream's order. */
  RuntimeInfo runtimeInfo();

  /** {@code status/config}: the YAML of the configuration in force (empty without one). */
  String configYaml();

  /** The external labels of the configuration in force, which {@code /federate} adds. */
  Labels externalLabels();

  /**
   * The members of {@code status/runtimeinfo}. Times are Unix ms; the Go-specific members carry the
   * JVM's nearest equivalents (threads for goroutines, processors for GOMAXPROCS, the max heap for
   * GOMEMLIMIT).
   */
  record RuntimeInfo(
      long startTime,
      String cwd,
      String hostname,
      long serverTime,
      boolean reloadConfigSuccess,
      long lastConfigTime,
      long corruptionCount,
      int goroutineCount,
      int gomaxprocs,
      long gomemlimit,
      String gogc,
      String godebug,
      String storageRetention) {}
}
