package io.argus.web.alertmanager;

/**
 * The {@code versionInfo} section of {@code GET /api/v2/status}, named as upstream (where {@code
 * goVersion} is the Go runtime; Argus reports its Java runtime there).
 */
public record VersionInfo(
    String version,
    String revision,
    String branch,
    String buildUser,
    String buildDate,
    String goVersion) {}
