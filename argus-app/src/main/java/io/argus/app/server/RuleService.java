package io.argus.app.server;

import io.argus.promql.Engine;
import io.argus.promql.EngineOptions;
import io.argus.rules.RuleGroup;
import io.argus.rules.RuleManager;
import io.argus.rules.RuleManagerOptions;
import io.argus.rules.RuleMetrics;
import io.argus.rules.RuleQueryFunction;
import io.argus.rules.config.RuleFile;
import io.argus.rules.config.RuleFileException;
import io.argus.rules.config.RuleFileGlobs;
import io.argus.rules.config.RuleFileLoader;
import io.argus.rules.config.RuleGroupConfig;
import io.argus.rules.notifier.AlertSender;
import io.argus.scrape.Sleeper;
import io.argus.scrape.config.Config;
import io.argus.storage.Appendable;
import io.argus.storage.Queryable;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code rule_files} of the configuration, evaluated by a {@link RuleManager} over the server's
 * storage with alerts going to the notifier. {@link #apply} (on every load and reload) reads the
 * rule files and updates the manager; a bad rule file leaves the running rules in place, as
 * upstream. Thread-safe.
 */
final class RuleService implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(RuleService.class);

  private final RuleManager manager;
  private final URI externalUrl;

  RuleService(
      Appendable appendable,
      Queryable queryable,
      EngineOptions engineOptions,
      AlertSender alertSender,
      Clock clock,
      PrometheusRegistry registry,
      RuleSettings settings,
      URI externalUrl) {
    this.externalUrl = externalUrl;
    RuleManagerOptions opts =
        RuleManagerOptions.withDefaults(
                RuleQueryFunction.engine(new Engine(engineOptions), queryable),
                appendable,
                queryable,
                alertSender,
                clock,
                Sleeper.REAL,
                new RuleMetrics(registry))
            .withDurations(
                settings.outageToleranceMillis(),
                settings.forGracePeriodMillis(),
                settings.resendDelayMillis());
    this.manager = new RuleManager(opts);
  }

  /**
   * Loads the rule files of {@code config} and installs their groups.
   *
   * @throws IllegalStateException {@code error loading rules, previous rule set restored} when a
   *     file is invalid (each problem is logged)
   */
  void apply(Config config) {
    Path dir = config.file() == null ? Path.of(".") : config.file().toAbsolutePath().getParent();
    List<RuleGroupConfig> groups = new ArrayList<>();
    try {
      for (Path file : RuleFileGlobs.expand(dir, config.ruleFiles())) {
        RuleFile rules = RuleFileLoader.load(file, config.global().nameValidationScheme());
        groups.addAll(rules.groups());
      }
      manager.update(
          groups,
          config.global().evaluationIntervalMillis(),
          config.global().ruleQueryOffsetMillis(),
          config.global().externalLabels(),
          externalUrl);
    } catch (RuleFileException e) {
      for (String error : e.errors()) {
        logger.atError().addKeyValue("err", error).log("loading groups failed");
      }
      throw new IllegalStateException("error loading rules, previous rule set restored", e);
    } catch (RuntimeException e) {
      logger.atError().addKeyValue("err", e.getMessage()).log("loading groups failed");
      throw new IllegalStateException("error loading rules, previous rule set restored", e);
    }
  }

  /** Starts evaluating (once storage and the configuration are in place). */
  void start() {
    logger.info("starting rule manager");
    manager.start();
  }

  /** The rule groups, for the HTTP API. */
  List<RuleGroup> groups() {
    return manager.groups();
  }

  @Override
  public void close() {
    logger.info("stopping rule manager");
    manager.stop();
  }
}
