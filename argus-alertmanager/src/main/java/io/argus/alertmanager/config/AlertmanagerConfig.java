package io.argus.alertmanager.config;

import java.util.List;

/**
 * A loaded and validated {@code alertmanager.yml}. Relative template paths are resolved against the
 * file's directory. Immutable.
 *
 * @param global the global section, defaults when absent
 * @param templates template file globs
 * @param muteTimeIntervals the deprecated {@code mute_time_intervals}
 * @param original the file's text
 */
public record AlertmanagerConfig(
    GlobalConfig global,
    RouteConfig route,
    List<InhibitRuleConfig> inhibitRules,
    List<Receiver> receivers,
    List<String> templates,
    List<NamedTimeInterval> muteTimeIntervals,
    List<NamedTimeInterval> timeIntervals,
    String original) {}
