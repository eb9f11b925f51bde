package io.argus.alertmanager.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jgroups.util.UUID;
import org.junit.jupiter.api.Test;

class PeerResolverTest {
  @Test
  void resolve_ipLiteralsAndLocalhost() throws Exception {
    assertThat(PeerResolver.resolve("127.0.0.1:9094"))
        .containsExactly(new InetSocketAddress("127.0.0.1", 9094));
    assertThat(PeerResolver.resolve("[::1]:9094")).hasSize(1);
    assertThat(PeerResolver.resolve("localhost:9094"))
        .allMatch(a -> a.getAddress().isLoopbackAddress() && a.getPort() == 9094);
  }

  @Test
  void resolveAll_reportsBadValuesAndKeepsTheRest() {
    List<String> failures = new ArrayList<>();
    Set<InetSocketAddress> got =
        PeerResolver.resolveAll(
            List.of("127.0.0.1:1", "nohost", "127.0.0.1:x", "no-such-host.invalid:9094"), failures);
    assertThat(got).containsExactly(new InetSocketAddress("127.0.0.1", 1));
    assertThat(failures).hasSize(3);
    assertThat(failures.getFirst()).contains("missing port in address");
  }

  @Test
  void parseHostPort_rejectsMissingPort() {
    assertThatThrownBy(() -> PeerResolver.parseHostPort("host:"))
        .hasMessageContaining("missing port");
    assertThatThrownBy(() -> PeerResolver.parseHostPort("host:70000"))
        .hasMessageContaining("invalid port");
  }

  @Test
  void ulid_sortsLikeTheAddressBitsAndUsesCrockford() {
    UUID early = new UUID(1L << 16, -1L);
    UUID late = new UUID(2L << 16, 0L);
    assertThat(ClusterPeer.ulid(early)).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]+");
    assertThat(ClusterPeer.ulid(early)).isLessThan(ClusterPeer.ulid(late));
    assertThat(ClusterPeer.ulid(new UUID(0, 0))).isEqualTo("0".repeat(26));
    assertThat(ClusterPeer.ulid(new UUID(-1, -1))).isEqualTo("7" + "Z".repeat(25));
  }
}
