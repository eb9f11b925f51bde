package io.argus.app.alertmanager;

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
 */
public record AlertmanagerSettings(
    Path configFile,
    Path storagePath,
    ListenAddress listenAddress,
    @Nullable URI externalUrl,
    long retentionMillis,
    long maintenanceIntervalMillis,
    long alertsGcIntervalMillis) {}
