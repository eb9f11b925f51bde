package io.argus.app.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.argus.alertmanager.config.AlertmanagerConfig;
import io.argus.alertmanager.config.ConfigLoader;
import io.argus.alertmanager.route.Route;
import io.argus.model.labels.Labels;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Routing of label sets through non-trivial route trees ({@code continue}, nested matchers, legacy
 * {@code match}/{@code match_re}, negative and empty-value matchers) compared with Debian's {@code
 * amtool config routes test}: the receivers, in order, must be the same, and amtool's {@code
 * --verify.receivers} must accept our answer.
 */
class RoutingParityTest {

  static Stream<Arguments> cases() {
    Map<String, List<String>> cases = new LinkedHashMap<>();
    cases.put(
        "tree-continue.yml",
        List.of(
            "alertname=A",
            "severity=page",
            "severity=page team=db",
            "severity=critical team=net region=eu-west",
            "severity=critical team=net region=us-east",
            "severity=page region=eu-central",
            "severity=info team=db",
            "team=db env=staging",
            "team=db env=prod service=api",
            "service=api env=prod",
            "service=web env=dev",
            "service=worker env=dev",
            "env=prod",
            "severity=page team=db service=api env=dev"));
    cases.put(
        "tree-nested.yml",
        List.of(
            "cluster=prod-1 severity=critical team=ops",
            "cluster=prod-1 severity=critical",
            "cluster=prod-1 severity=warning alertname=DiskFull",
            "cluster=prod-2 severity=warning alertname=CPU",
            "cluster=prod-2 tier=batch severity=critical job=x",
            "cluster=prod-2 alertname=DiskSlow job=x",
            "cluster=prod-2 job=x",
            "cluster=dev-a alertname=Watchdog job=x",
            "cluster=test job=x",
            "alertname=Watchdog job=x",
            "alertname=Other",
            "alertname=Other job=y"));
    cases.put(
        "tree-legacy.yml",
        List.of(
            "owner=team-a severity=critical",
            "owner=team-a severity=warning env=prod",
            "owner=team-a env=staging instance=h:9100",
            "owner=team-b env=prod instance=h:9100",
            "owner=team-b env=dev priority=3",
            "owner=team-c priority=1",
            "owner=team-d priority=x",
            "priority=10",
            "owner=team-b env=staging"));
    List<Arguments> out = new ArrayList<>();
    cases.forEach((file, sets) -> sets.forEach(s -> out.add(Arguments.of(file, s))));
    return out.stream();
  }

  private static Path routes() throws Exception {
    return Path.of(
            RoutingParityTest.class.getResource("/alertmanager/routes/tree-continue.yml").toURI())
        .getParent();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void match_labelSet_routesToAmtoolsReceivers(String file, String labels) throws Exception {
    assumeTrue(AmtoolRunner.available(), "skipped: /usr/bin/amtool is not installed");
    Path config = routes().resolve(file);
    AlertmanagerConfig cfg = ConfigLoader.loadFile(config, ZoneOffset.UTC);
    Map<String, String> map = new LinkedHashMap<>();
    for (String pair : labels.split(" ")) {
      String[] nv = pair.split("=", 2);
      map.put(nv[0], nv[1]);
    }

    String ours =
        Route.tree(cfg.route()).match(Labels.of(map)).stream()
            .map(r -> r.opts().receiver())
            .collect(Collectors.joining(","));

    List<String> args = new ArrayList<>();
    args.add("config");
    args.add("routes");
    args.add("test");
    args.add("--config.file=" + config);
    args.add("--verify.receivers=" + ours);
    args.addAll(List.of(labels.split(" ")));
    AmtoolRunner.Result amtool = AmtoolRunner.run(routes(), args);
    assertThat(ours).isEqualTo(amtool.out().lines().findFirst().orElse(""));
    assertThat(amtool.exitCode()).as(amtool.out()).isZero();
  }
}
