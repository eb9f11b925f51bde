package io.argus.web.alertmanager;

import io.argus.alertmanager.config.AlertmanagerConfig;
import io.argus.alertmanager.inhibit.InhibitRule;
import io.argus.alertmanager.inhibit.Inhibition;
import io.argus.alertmanager.route.Route;
import java.time.Duration;
import java.util.List;

/**
 * What the API derives from one loaded configuration: the configuration, its route tree and its
 * inhibition rules. Immutable; the API swaps the whole value on reload.
 */
public record AlertmanagerRuntime(AlertmanagerConfig config, Route route, Inhibition inhibition) {
  /** Builds the route tree and inhibition rules of {@code config}. */
  public static AlertmanagerRuntime of(AlertmanagerConfig config) {
    List<InhibitRule> rules = config.inhibitRules().stream().map(InhibitRule::of).toList();
    return new AlertmanagerRuntime(config, Route.tree(config.route()), new Inhibition(rules));
  }

  /** {@code global.resolve_timeout}. */
  public Duration resolveTimeout() {
    return Duration.ofMillis(config.global().resolveTimeoutMillis());
  }
}
