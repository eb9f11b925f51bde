package io.argus.app.alertmanager;

import io.argus.alertmanager.cluster.ClusterSettings;
import io.argus.app.cli.ListenAddress;
import java.net.URI;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What {@code argus alertmanager} runs with, from its flags.
 *
 * @param configFile {@code --config.file}
 * @param storagePath {@code --storage.path}: the snapshots of silences and the notification log
 * @param listenAddress {@code --web.listen-address}
 * @param externalUrl {@code --web.external-url}, or null to derive it from the host and port
 * @param retentionMillis {@code --data.retention}: how long silences and log entries are kept after
 *     they expire
 * @param maintenanceIntervalMillis {@code --data.maintenance-interval}: garbage collection and
 *     snapshots of the state
 * @param alertsGcIntervalMillis {@code --alerts.gc-interval}: dropping resolved alerts
 * @param cluster the {@code --cluster.*} flags; clustering is off when its listen address is empty
 * @param routePrefix {@code --web.route-prefix}: the path every endpoint is served under; "" to use
 *     the path of the external URL
 */
public record AlertmanagerSettings(
    Path configFile,
    Path storagePath,
    ListenAddress listenAddress,
    @Nullable URI externalUrl,
    long retentionMillis,
    long maintenanceIntervalMillis,
    long alertsGcIntervalMillis,
    ClusterSettings cluster,
    String routePrefix) {

  /** Settings without a cluster. */
  public AlertmanagerSettings(
      Path configFile,
      Path storagePath,
      ListenAddress listenAddress,
      @Nullable URI externalUrl,
      long retentionMillis,
      long maintenanceIntervalMillis,
      long alertsGcIntervalMillis) {
    this(
        configFile,
        storagePath,
        listenAddress,
        externalUrl,
        retentionMillis,
        maintenanceIntervalMillis,
        alertsGcIntervalMillis,
        ClusterSettings.defaults().withListenAddress(""),
        "");
  }

  /** A copy with other cluster settings. */
  public AlertmanagerSettings withCluster(ClusterSettings newCluster) {
    return new AlertmanagerSettings(
        configFile,
        storagePath,
        listenAddress,
        externalUrl,
        retentionMillis,
        maintenanceIntervalMillis,
        alertsGcIntervalMillis,
        newCluster,
        routePrefix);
  }

  /** A copy with another {@code --web.route-prefix} ("" to derive it from the external URL). */
  public AlertmanagerSettings withRoutePrefix(String newRoutePrefix) {
    return new AlertmanagerSettings(
        configFile,
        storagePath,
        listenAddress,
        externalUrl,
        retentionMillis,
        maintenanceIntervalMillis,
        alertsGcIntervalMillis,
        cluster,
        newRoutePrefix);
  }

  /**
   * The route prefix in effect, as upstream computes it: the flag, else the external URL's path,
   * with exactly one leading and no trailing slash ("/" for none).
   *
   * @param effectiveExternalUrl the external URL the server uses (given or derived)
   */
  public String effectiveRoutePrefix(URI effectiveExternalUrl) {
    String p = routePrefix.isEmpty() ? effectiveExternalUrl.getRawPath() : routePrefix;
    if (p == null) {
      p = "";
    }
    int start = 0;
    int end = p.length();
    while (start < end && p.charAt(start) == '/') {
      start++;
    }
    while (end > start && p.charAt(end - 1) == '/') {
      end--;
    }
    return "/" + p.substring(start, end);
  }
}
