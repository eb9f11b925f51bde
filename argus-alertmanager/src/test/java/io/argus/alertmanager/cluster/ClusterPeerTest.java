package io.argus.alertmanager.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.alert.AlertMarker;
import io.argus.alertmanager.alert.AlertStore;
import io.argus.alertmanager.inhibit.Inhibition;
import io.argus.alertmanager.notify.Integration;
import io.argus.alertmanager.notify.NotificationContext;
import io.argus.alertmanager.notify.NotificationPipeline;
import io.argus.alertmanager.notify.Notifier;
import io.argus.alertmanager.notify.NotifyException;
import io.argus.alertmanager.notify.NotifyMetrics;
import io.argus.alertmanager.notify.Sleeper;
import io.argus.alertmanager.notify.StoreInhibitor;
import io.argus.alertmanager.silence.Silencer;
import io.argus.model.labels.Labels;
import io.argus.alertmanager.nflog.NotificationLog;
import io.argus.alertmanager.nflog.ReceiverKey;
import io.argus.alertmanager.silence.Silence;
import io.argus.alertmanager.silence.Silences;
import io.argus.model.labels.Matcher;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jgroups.JChannel;
import org.jgroups.protocols.DISCARD;
import org.jgroups.stack.ProtocolStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ClusterPeerTest {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final ReceiverKey WEBHOOK = new ReceiverKey("team", "webhook", 0);
  private static final String CLUSTER = "argus-test";

  /** One Alertmanager's replicated state and its cluster peer. */
  record Node(
      ClusterPeer peer,
      Silences silences,
      NotificationLog nflog,
      SendingClaims claims,
      PrometheusRegistry registry) {}

  private final List<Node> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    for (Node n : started) {
      n.peer().close();
    }
  }

  private static ClusterSettings settings(String cluster, List<String> peers) {
    return new ClusterSettings(
        "127.0.0.1:0",
        "",
        peers,
        cluster,
        Duration.ofSeconds(1),
        Duration.ofMillis(20),
        Duration.ofSeconds(2),
        Duration.ofSeconds(30),
        Duration.ofMillis(200),
        Duration.ofMillis(300),
        Duration.ofSeconds(1));
  }

  private Node start(String cluster, Node... seeds) throws Exception {
    List<String> peers = new ArrayList<>();
    for (Node s : seeds) {
      peers.add(s.peer().listenAddress());
    }
    return start(settings(cluster, peers), null);
  }

  private Node start(ClusterSettings settings, Silences preloaded) throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    ClusterPeer peer = new ClusterPeer(settings, Clock.SYSTEM, registry);
    Silences silences =
        preloaded != null ? preloaded : new Silences(Clock.SYSTEM, Duration.ofHours(1), null);
    NotificationLog nflog = new NotificationLog(Clock.SYSTEM, Duration.ofHours(1), null);
    SendingClaims claims = new SendingClaims(Clock.SYSTEM, peer.name());
    peer.register(silences);
    peer.register(nflog);
    peer.register(claims);
    Node n = new Node(peer, silences, nflog, claims, registry);
    started.add(n);
    peer.start();
    return n;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  private static String silence(Node n, String value) throws Exception {
    Instant now = Instant.now();
    return n.silences()
        .set(
            new Silence(
                "",
                List.of(Matcher.equal("job", value)),
                now,
                now.plusSeconds(3600),
                Alert.ZERO,
                "tester",
                "maintenance " + value));
  }

  private static double gauge(Node n, String name) {
    return n.registry().scrape().stream()
        .filter(s -> s.getMetadata().getPrometheusName().equals(name))
        .map(s -> ((GaugeSnapshot) s).getDataPoints().getFirst().getValue())
        .findFirst()
        .orElseThrow();
  }

  private List<Node> threePeers() throws Exception {
    Node a = start(CLUSTER);
    Node b = start(CLUSTER, a);
    Node c = start(CLUSTER, a, b);
    List<Node> all = List.of(a, b, c);
    await("three members everywhere", () -> all.stream().allMatch(n -> n.peer().members() == 3));
    return all;
  }

  @Test
  void start_threePeersFormOneClusterWithDistinctPositions() throws Exception {
    List<Node> all = threePeers();
    Set<Integer> positions = new HashSet<>();
    for (Node n : all) {
      positions.add(n.peer().position());
      assertThat(gauge(n, "alertmanager_cluster_members")).isEqualTo(3.0);
      assertThat(gauge(n, "alertmanager_peer_position")).isEqualTo(n.peer().position());
      assertThat(n.peer().peerWaitMillis()).isEqualTo(n.peer().position() * 1000L);
    }
    assertThat(positions).containsExactlyInAnyOrder(0, 1, 2);
    for (Node n : all) {
      assertThat(n.peer().awaitReady(WAIT)).isTrue();
      ClusterStatus st = n.peer().status();
      assertThat(st.status()).isEqualTo("ready");
      assertThat(st.name()).isEqualTo(n.peer().name()).hasSize(26);
      assertThat(st.peers()).extracting(ClusterStatus.Peer::name)
          .containsExactlyInAnyOrderElementsOf(all.stream().map(x -> x.peer().name()).toList())
          .isSorted();
      assertThat(st.peers()).extracting(ClusterStatus.Peer::address)
          .containsExactlyInAnyOrderElementsOf(
              all.stream().map(x -> x.peer().listenAddress()).toList());
      assertThat(st.peers().get(n.peer().position()).name()).isEqualTo(n.peer().name());
    }
  }

  @Test
  void replication_silenceAndNflogEntryReachEveryPeer() throws Exception {
    List<Node> all = threePeers();
    String id = silence(all.get(1), "api");
    all.get(2).nflog().log(WEBHOOK, "{}:{alertname=\"A\"}", new long[] {7}, new long[0],
        Duration.ofHours(2));
    for (Node n : all) {
      await("silence on " + n.peer().name(), () -> n.silences().get(id).isPresent());
      await("nflog entry on " + n.peer().name(),
          () -> n.nflog().query("{}:{alertname=\"A\"}", WEBHOOK).isPresent());
    }
    assertThat(all.getFirst().silences().get(id).orElseThrow().comment())
        .isEqualTo("maintenance api");
    assertThat(all.getFirst().nflog().query("{}:{alertname=\"A\"}", WEBHOOK).orElseThrow()
        .firingAlerts()).containsExactly(7L);
  }

  @Test
  void join_emptyPeerHasFullStateWhenSettled() throws Exception {
    Node a = start(CLUSTER);
    Node b = start(CLUSTER, a);
    await("two members", () -> a.peer().members() == 2 && b.peer().members() == 2);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      ids.add(silence(i % 2 == 0 ? a : b, "job-" + i));
      (i % 2 == 0 ? b : a).nflog().log(WEBHOOK, "group-" + i, new long[] {i}, new long[0],
          Duration.ofHours(2));
    }
    await("state replicated between a and b",
        () -> a.silences().size() == 40 && b.nflog().size() == 40);
    Node fresh = start(CLUSTER, a, b);
    assertThat(fresh.peer().awaitReady(WAIT)).isTrue();
    assertThat(fresh.peer().members()).isEqualTo(3);
    assertThat(fresh.silences().entries()).extracting(e -> e.silence().id())
        .containsExactlyInAnyOrderElementsOf(ids);
    assertThat(fresh.nflog().size()).isEqualTo(40);
  }

  @Test
  void stop_membersShrinkAndPositionsRecompute() throws Exception {
    List<Node> all = threePeers();
    Node gone = all.stream().filter(n -> n.peer().position() == 0).findFirst().orElseThrow();
    gone.peer().close();
    List<Node> rest = all.stream().filter(n -> n != gone).toList();
    await("two members left", () -> rest.stream().allMatch(n -> n.peer().members() == 2));
    assertThat(rest).extracting(n -> n.peer().position()).containsExactlyInAnyOrder(0, 1);
    for (Node n : rest) {
      assertThat(n.peer().failedPeers()).isEmpty(); // it said goodbye
      assertThat(gauge(n, "alertmanager_cluster_members")).isEqualTo(2.0);
    }
  }

  @Test
  void partition_healsAndExchangesWhatEachSideLearned() throws Exception {
    List<Node> all = threePeers();
    Node cut = all.get(2);
    JChannel ch = cut.peer().channel();
    DISCARD discard = new DISCARD();
    ch.getProtocolStack().insertProtocol(discard, ProtocolStack.Position.ABOVE,
        NameCheckingTcp.class);
    discard.setAddress(ch.getAddress());
    discard.discardAll(true);
    await("partitioned", () -> cut.peer().members() == 1
        && all.get(0).peer().members() == 2 && all.get(1).peer().members() == 2);
    assertThat(all.get(0).peer().failedPeers()).containsExactly(cut.peer().name());
    assertThat(gauge(all.get(0), "alertmanager_cluster_failed_peers")).isEqualTo(1.0);
    String onMajority = silence(all.get(0), "majority");
    String onMinority = silence(cut, "minority");

    discard.discardAll(false);
    await("merged", () -> all.stream().allMatch(n -> n.peer().members() == 3));
    for (Node n : all) {
      await("both silences on " + n.peer().name(),
          () -> n.silences().get(onMajority).isPresent()
              && n.silences().get(onMinority).isPresent());
    }
    assertThat(all).extracting(n -> n.peer().position()).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(all.get(0).peer().failedPeers()).isEmpty();
  }

  @Test
  void join_peerOfAnotherClusterIsRefused() throws Exception {
    Node a = start(CLUSTER);
    Node stranger = start("another-cluster", a);
    await("refusal at a", () -> a.peer().refusedMessages() > 0);
    assertThat(a.peer().members()).isEqualTo(1);
    assertThat(stranger.peer().members()).isEqualTo(1);
    silence(stranger, "stranger");
    Node b = start(CLUSTER, a);
    await("a and b joined", () -> a.peer().members() == 2 && b.peer().members() == 2);
    assertThat(a.silences().size()).isZero();
    assertThat(stranger.peer().members()).isEqualTo(1);
  }

  @Test
  void claims_secondSenderWaitsForTheFirstAndThenSeesTheNflogEntry() throws Exception {
    Node a = start(CLUSTER);
    Node b = start(CLUSTER, a);
    await("two members", () -> a.peer().members() == 2 && b.peer().members() == 2);
    String group = "{}:{alertname=\"Slow\"}";

    SendingClaims.Claim claim = a.claims().claim(group, WEBHOOK, Duration.ofMinutes(1));
    await("claim visible at b", () -> b.claims().otherActiveClaim(group, WEBHOOK).isPresent());
    assertThat(b.claims().otherActiveClaim(group, WEBHOOK).orElseThrow().holder())
        .isEqualTo(a.peer().name());
    assertThat(a.claims().otherActiveClaim(group, WEBHOOK)).isEmpty(); // own claims do not count
    CompletableFuture<Boolean> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return b.claims().awaitNoOtherClaim(group, WEBHOOK, WAIT);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(waiting).isNotDone();

    // the slow send succeeds: log it, then release (same FIFO channel, so the entry arrives first)
    a.nflog().log(WEBHOOK, group, new long[] {42}, new long[0], Duration.ofHours(2));
    claim.release();
    assertThat(waiting.get()).isTrue();
    assertThat(b.nflog().query(group, WEBHOOK)).isPresent();
  }

  private static NotificationPipeline pipeline(Node n, Notifier notifier) {
    AlertMarker marker = new AlertMarker();
    AlertStore store = new AlertStore(Clock.SYSTEM, marker, 0, null);
    return new NotificationPipeline(
        Map.of("team", List.of(new Integration("webhook", 0, "team", notifier, false))),
        new StoreInhibitor(new Inhibition(List.of()), store, marker, Clock.SYSTEM),
        new Silencer(n.silences(), marker, Clock.SYSTEM),
        Map.of(),
        n.nflog(),
        new NotifyMetrics(new PrometheusRegistry()),
        Clock.SYSTEM,
        Sleeper.THREAD,
        new ClusterCoordination(
            n.peer(), n.claims(), settings(CLUSTER, List.of()), Clock.SYSTEM));
  }

  private static CompletableFuture<Boolean> flush(NotificationPipeline p, String group) {
    Instant now = Instant.now();
    NotificationContext ctx =
        new NotificationContext(
            "team", group, Labels.of("alertname", "Slow"), now, 3_600_000,
            now.toEpochMilli() + 60_000, List.of(), List.of());
    Alert alert =
        new Alert(Labels.of("alertname", "Slow"), Map.of(), now, Alert.ZERO, "", now, false);
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return p.notify(ctx, List.of(alert));
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** Peer a's send is slow and then succeeds or fails; returns how often peer b sent. */
  private int slowSendThenSecondPeer(boolean firstSucceeds) throws Exception {
    Node a = start(CLUSTER);
    Node b = start(CLUSTER, a);
    await("both settled", () -> a.peer().ready() && b.peer().ready() && b.peer().members() == 2);
    String group = "{}:{alertname=\"Slow\"}";
    CountDownLatch receiverAnswers = new CountDownLatch(1);
    AtomicInteger bSends = new AtomicInteger();
    try (NotificationPipeline pa =
            pipeline(
                a,
                (ctx, alerts) -> {
                  try {
                    receiverAnswers.await();
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                  if (!firstSucceeds) {
                    throw NotifyException.forStatus(400, "bad request");
                  }
                });
        NotificationPipeline pb = pipeline(b, (ctx, alerts) -> bSends.incrementAndGet())) {
      CompletableFuture<Boolean> first = flush(pa, group);
      await("claim visible at b", () -> b.claims().otherActiveClaim(group, WEBHOOK).isPresent());
      CompletableFuture<Boolean> second = flush(pb, group);
      receiverAnswers.countDown();
      assertThat(first.get()).isEqualTo(firstSucceeds);
      assertThat(second.get()).isTrue();
    }
    return bSends.get();
  }

  @Test
  void pipeline_peerWaitsForASlowSendInProgressAndDoesNotDuplicateIt() throws Exception {
    assertThat(slowSendThenSecondPeer(true)).isZero();
  }

  @Test
  void pipeline_peerSendsItselfWhenTheSendInProgressFails() throws Exception {
    assertThat(slowSendThenSecondPeer(false)).isEqualTo(1);
  }

  @Test
  void settle_peerStillSettlingGetsTheFullStateOfAPeerJoiningLater() throws Exception {
    // a settle timeout far beyond the wait: only the replies to the join pushes can settle them
    ClusterSettings slow =
        new ClusterSettings(
            "127.0.0.1:0", "", List.of(), CLUSTER, Duration.ofSeconds(1), Duration.ofMillis(100),
            Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofMillis(200),
            Duration.ofMillis(300), Duration.ofSeconds(1));
    Node a = start(slow, null);
    silence(a, "a");
    Node b = start(slow.withPeers(List.of(a.peer().listenAddress())), null);
    silence(b, "b");
    Node c =
        start(
            slow.withPeers(List.of(a.peer().listenAddress(), b.peer().listenAddress())), null);
    await("all settled", () -> a.peer().ready() && b.peer().ready() && c.peer().ready());
    for (Node n : List.of(a, b, c)) {
      assertThat(n.peer().members()).isEqualTo(3);
      assertThat(n.silences().entries()).hasSize(2);
    }
  }

  @Test
  void claims_ofAPeerThatLeftStopCounting() throws Exception {
    Node a = start(CLUSTER);
    Node b = start(CLUSTER, a);
    await("two members", () -> a.peer().members() == 2 && b.peer().members() == 2);
    a.claims().claim("g", WEBHOOK, Duration.ofMinutes(10));
    await("claim visible at b", () -> b.claims().otherActiveClaim("g", WEBHOOK).isPresent());
    a.peer().close();
    await("holder gone", () -> b.peer().members() == 1);
    assertThat(b.claims().otherActiveClaim("g", WEBHOOK)).isEmpty();
    assertThat(b.claims().awaitNoOtherClaim("g", WEBHOOK, Duration.ZERO)).isTrue();
  }

  @Test
  void register_afterStartIsRejected() throws Exception {
    Node a = start(CLUSTER);
    assertThatThrownBy(() -> a.peer().register(new SendingClaims(Clock.SYSTEM, "x")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new ClusterPeer(settings(CLUSTER, List.of()).withListenAddress(""),
        Clock.SYSTEM, null)).isInstanceOf(IllegalArgumentException.class);
  }
}
