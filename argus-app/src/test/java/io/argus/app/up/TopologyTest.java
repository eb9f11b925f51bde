package io.argus.app.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyTest {
  @Test
  void components_startWithServerReplicaZero() {
    Topology topology = new Topology(Path.of("/srv/argus"), "127.0.0.1", 9090);

    List<Component> components = topology.components();

    assertThat(components)
        .containsExactly(
            new Component(
                "server-0",
                "argus server (replica 0)",
                List.of(
                    "server",
                    "--storage.tsdb.path=/srv/argus/server-0",
                    "--web.listen-address=127.0.0.1:9090"),
                URI.create("http://127.0.0.1:9090/")));
  }

  @Test
  void components_followThePortBaseAndBracketIpv6() {
    Topology topology = new Topology(Path.of("data"), "::1", 19090);

    Component server = topology.components().getFirst();

    assertThat(server.arguments()).contains("--web.listen-address=[::1]:19090");
    assertThat(server.url()).isEqualTo(URI.create("http://[::1]:19090/"));
  }

  @Test
  void javaLauncher_runsMainWithNativeAccess() {
    JavaLauncher launcher = new JavaLauncher(Path.of("/jdk/bin/java"), "argus.jar", "a.Main");

    assertThat(launcher.command(List.of("server", "--x=1")))
        .containsExactly(
            "/jdk/bin/java",
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            "argus.jar",
            "a.Main",
            "server",
            "--x=1");
  }
}
