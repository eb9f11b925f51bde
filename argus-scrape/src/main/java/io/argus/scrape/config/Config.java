package io.argus.scrape.config;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A loaded {@code prometheus.yml}: every section with defaults filled in, scrape configs from
 * {@code scrape_config_files} merged in, and file globs resolved against the config's directory.
 *
 * @param ruleFiles rule file globs, absolute or relative to the config file's directory
 * @param warnings things accepted but ignored (e.g. discovery mechanisms Argus lacks)
 */
public record Config(
    @Nullable Path file,
    GlobalConfig global,
    List<String> ruleFiles,
    List<String> scrapeConfigFiles,
    AlertingConfig alerting,
    List<ScrapeConfig> scrapeConfigs,
    List<RemoteWriteConfig> remoteWrite,
    List<RemoteReadConfig> remoteRead,
    StorageConfig storage,
    List<String> warnings) {}
