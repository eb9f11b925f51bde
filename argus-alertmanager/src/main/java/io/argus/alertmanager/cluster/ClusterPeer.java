package io.argus.alertmanager.cluster;

import io.argus.alertmanager.state.CorruptStateException;
import io.argus.alertmanager.state.ReplicatedState;
import io.argus.util.Clock;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.MergeView;
import org.jgroups.Message;
import org.jgroups.PhysicalAddress;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.BARRIER;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG2;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.IpAddress;
import org.jgroups.stack.Protocol;
import org.jgroups.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This Alertmanager's membership in a cluster of peers (upstream's {@code cluster.Peer}), on a
 * JGroups channel built in code: TCP transport bound to the listen address (announcing the
 * advertise address), TCPPING discovery whose hosts are the resolved {@code --cluster.peer} values
 * (re-resolved every refresh interval), FD_SOCK2 and FD_ALL3 failure detection tuned from the probe
 * interval and timeout, MERGE3 to heal partitions, reliable FIFO multicast (NAKACK2, UNICAST3).
 * Messages from a peer of another cluster name are refused with a log line.
 *
 * <p>Replication: every registered {@link ReplicatedState} change made on this peer is broadcast
 * as a delta to all members; a member new to this peer's view (join or partition merge) gets this
 * peer's full state and answers with its own (push/pull); every push/pull interval a random member
 * gets the same exchange (anti-entropy). Deltas received are merged and not re-broadcast: within a
 * view the multicast is reliable, and peers outside it catch up by push/pull when views merge.
 *
 * <p>Peer names are ULIDs (time-prefixed, like upstream); the JGroups address carries the same 128
 * bits, so every member computes the same names. The {@link #position()} is this peer's index in
 * the sorted member names. Settling follows upstream (poll every ten gossip intervals; ready after
 * three polls without a change of the member count, or at the settle timeout) and also waits until
 * the full states requested from the members found at join time have arrived.
 *
 * <p>Lifetime: {@link #register} states, {@link #start()}, {@link #close()}. Thread-safe.
 */
public final class ClusterPeer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterPeer.class);
  private static final int SETTLE_POLLS_REQUIRED = 3;
  private static final byte MSG_UPDATE = 1;
  private static final byte MSG_PUSH = 2;
  private static final byte MSG_PULL_REPLY = 3;
  private static final byte MSG_LEAVE = 4;
  private static final int MAX_UPDATE_BATCH_BYTES = 32 * 1024;
  private static final Duration FAILED_PEER_RETENTION = Duration.ofHours(6);

  static {
    JGroupsLogging.install(); // before JGroups creates its first logger
    // JGroups identifies protocols (and their headers) by id; subclasses need their own
    ClassConfigurator.addProtocol((short) 1901, NameCheckingTcp.class);
    ClassConfigurator.addProtocol((short) 1902, PeerDiscovery.class);
  }

  private record Outgoing(@Nullable Address dest, byte type, Map<String, byte[]> parts) {}

  private final ClusterSettings settings;
  private final Clock clock;
  private final String name;
  private final UUID address;
  private final Map<String, ReplicatedState> states = new LinkedHashMap<>();
  private final List<AutoCloseable> stateListeners = new ArrayList<>();
  private final LinkedBlockingDeque<Outgoing> outgoing = new LinkedBlockingDeque<>();
  private final Map<Address, Long> pendingPulls = new ConcurrentHashMap<>();
  private final Set<String> leaving = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> failedPeers = new ConcurrentHashMap<>();
  private final CountDownLatch readyLatch = new CountDownLatch(1);
  private final Object viewLock = new Object();
  private final ScheduledExecutorService timers;

  private volatile @Nullable JChannel channel;
  private volatile @Nullable NameCheckingTcp tcp;
  private volatile @Nullable PeerDiscovery discovery;
  private volatile List<Address> members = List.of();
  private volatile List<String> memberNames = List.of();
  private volatile boolean ready;
  private volatile boolean closed;
  private @Nullable Thread sender;
  private Set<InetSocketAddress> resolvedPeers = Set.of();

  // settle poll state, touched by the timer thread only
  private long settleStartNanos;
  private int settlePolls;
  private int settleStable;
  private int settleLastCount;

  private final Gauge membersGauge;
  private final Gauge failedPeersGauge;
  private final Gauge healthScore;
  private final Gauge positionGauge;
  private final Counter messagesReceived;
  private final Counter messagesSent;
  private final Counter receivedSize;
  private final Counter sentSize;
  private final Counter peersJoined;
  private final Counter peersLeft;

  /**
   * Creates a peer that has not joined yet.
   *
   * @param registry where the {@code alertmanager_cluster_*} metrics go, or null
   * @throws IllegalArgumentException when clustering is disabled in {@code settings}
   */
  public ClusterPeer(ClusterSettings settings, Clock clock, @Nullable PrometheusRegistry registry) {
    if (!settings.enabled()) {
      throw new IllegalArgumentException("clustering is disabled (empty listen address)");
    }
    this.settings = settings;
    this.clock = clock;
    SecureRandom random = new SecureRandom();
    long msb = (clock.millis() << 16) | (random.nextInt() & 0xFFFFL);
    this.address = new UUID(msb, random.nextLong());
    this.name = ulid(address);
    this.timers =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("cluster-timers").factory());
    PrometheusRegistry r = registry == null ? new PrometheusRegistry() : registry;
    Gauge.builder()
        .name("alertmanager_cluster_enabled")
        .help("Indicates whether the clustering is enabled or not.")
        .register(r)
        .set(1);
    Info.builder()
        .name("alertmanager_cluster_peer_info")
        .help("A metric with a constant '1' value labeled by peer name.")
        .labelNames("peer")
        .register(r)
        .setLabelValues(name);
    membersGauge =
        Gauge.builder()
            .name("alertmanager_cluster_members")
            .help("Number indicating current number of members in cluster.")
            .register(r);
    failedPeersGauge =
        Gauge.builder()
            .name("alertmanager_cluster_failed_peers")
            .help("Number indicating the current number of failed peers in the cluster.")
            .register(r);
    healthScore =
        Gauge.builder()
            .name("alertmanager_cluster_health_score")
            .help("Health score of the cluster. Lower values are better and zero means 'totally"
                + " healthy'.")
            .register(r);
    positionGauge =
        Gauge.builder()
            .name("alertmanager_peer_position")
            .help("Position the Alertmanager instance believes it's in. The position determines a"
                + " peer's behavior in the cluster.")
            .register(r);
    messagesReceived =
        Counter.builder()
            .name("alertmanager_cluster_messages_received_total")
            .help("Total number of cluster messages received.")
            .labelNames("msg_type")
            .register(r);
    messagesSent =
        Counter.builder()
            .name("alertmanager_cluster_messages_sent_total")
            .help("Total number of cluster messages sent.")
            .labelNames("msg_type")
            .register(r);
    receivedSize =
        Counter.builder()
            .name("alertmanager_cluster_messages_received_size_total")
            .help("Total size of cluster messages received.")
            .labelNames("msg_type")
            .register(r);
    sentSize =
        Counter.builder()
            .name("alertmanager_cluster_messages_sent_size_total")
            .help("Total size of cluster messages sent.")
            .labelNames("msg_type")
            .register(r);
    peersJoined =
        Counter.builder()
            .name("alertmanager_cluster_peers_joined_total")
            .help("A counter of the number of peers that have joined.")
            .register(r);
    peersLeft =
        Counter.builder()
            .name("alertmanager_cluster_peers_left_total")
            .help("A counter of the number of peers that have left.")
            .register(r);
    for (String t : List.of("update", "full_state")) {
      messagesReceived.labelValues(t);
      messagesSent.labelValues(t);
      receivedSize.labelValues(t);
      sentSize.labelValues(t);
    }
  }

  /** This peer's name, a ULID; stable for the lifetime of this object. */
  public String name() {
    return name;
  }

  /**
   * Registers a state to replicate; call before {@link #start()}. Keys must be unique.
   *
   * @throws IllegalStateException when started already or the key is taken
   */
  public synchronized void register(ReplicatedState state) {
    if (channel != null) {
      throw new IllegalStateException("register states before starting the cluster peer");
    }
    if (states.putIfAbsent(state.key(), state) != null) {
      throw new IllegalStateException("state key " + state.key() + " registered twice");
    }
    if (state instanceof SendingClaims claims) {
      claims.setMembership(this::isMember);
    }
  }

  /**
   * Binds the transport and joins the cluster (or starts a new one when no peer answers); failing
   * to find peers is not an error, they are looked for again at each refresh.
   *
   * @throws IOException when the listen address cannot be bound or the channel fails to start
   */
  public synchronized void start() throws IOException {
    if (channel != null || closed) {
      throw new IllegalStateException("cluster peer already started");
    }
    InetSocketAddress listen = PeerResolver.parseHostPort(settings.listenAddress());
    List<String> failures = new ArrayList<>();
    resolvedPeers = PeerResolver.resolveAll(settings.peers(), failures);
    for (String f : failures) {
      LOG.atWarn().addKeyValue("component", "cluster").addKeyValue("err", f)
          .log("failed to resolve peer");
    }
    for (ReplicatedState s : states.values()) {
      stateListeners.add(s.onLocalChange(data -> enqueueUpdate(s.key(), data)));
    }
    NameCheckingTcp transport = new NameCheckingTcp(clock::millis);
    PeerDiscovery ping = new PeerDiscovery();
    JChannel ch;
    try {
      InetAddress bind = InetAddress.getByName(listen.getHostString());
      transport.setBindAddr(bind);
      transport.setBindPort(listen.getPort());
      transport.setPortRange(0);
      if (!settings.advertiseAddress().isEmpty()) {
        InetSocketAddress adv = PeerResolver.parseHostPort(settings.advertiseAddress());
        transport.setExternalAddr(InetAddress.getByName(adv.getHostString()));
        transport.setExternalPort(adv.getPort());
      }
      ping.setInitialHosts(new ArrayList<>(resolvedPeers));
      ping.setPortRange(0);
      long probe = settings.probeInterval().toMillis();
      MERGE3 merge = new MERGE3();
      merge.setMinInterval(Math.max(100, probe * 2));
      merge.setMaxInterval(Math.max(200, probe * 5));
      FD_ALL3 fdAll = new FD_ALL3();
      fdAll.setInterval(probe);
      fdAll.setTimeout(probe * 5 + settings.probeTimeout().toMillis());
      VERIFY_SUSPECT2 verify = new VERIFY_SUSPECT2();
      verify.setTimeout(settings.probeTimeout().toMillis());
      NAKACK2 nakack = new NAKACK2();
      nakack.useMcastXmit(false);
      GMS gms = new GMS();
      gms.setJoinTimeout(Math.max(500, probe * 2));
      gms.printLocalAddress(false);
      FD_SOCK2 fdSock = new FD_SOCK2();
      fdSock.setBindAddress(bind);
      List<Protocol> stack =
          List.of(
              transport, ping, merge, fdSock, fdAll, verify, new BARRIER(), nakack,
              new UNICAST3(), new STABLE(), gms, new MFC(), new UFC(), new FRAG2());
      ch = new JChannel(stack);
      ch.addAddressGenerator(() -> address);
      ch.name(name);
      ch.setDiscardOwnMessages(true);
      ch.receiver(new ChannelReceiver());
      channel = ch;
      tcp = transport;
      discovery = ping;
      sender = Thread.ofVirtual().name("cluster-sender").start(this::sendLoop);
      settleStartNanos = clock.nanoTime();
      ch.connect(settings.clusterName());
    } catch (UnknownHostException e) {
      throw new IOException("cluster listen or advertise address: " + e.getMessage(), e);
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("start cluster peer on " + settings.listenAddress() + ": " + e, e);
    }
    LOG.atInfo().addKeyValue("component", "cluster")
        .addKeyValue("name", name)
        .addKeyValue("addr", String.valueOf(transport.localPhysicalAddress()))
        .addKeyValue("peers", members.size() - 1)
        .log("joined cluster");
    long poll = settings.gossipInterval().toMillis() * 10;
    LOG.atInfo().addKeyValue("component", "cluster").addKeyValue("interval", poll + "ms")
        .log("Waiting for gossip to settle...");
    timers.scheduleWithFixedDelay(this::settlePoll, poll, poll, TimeUnit.MILLISECONDS);
    long pushPull = settings.pushPullInterval().toMillis();
    timers.scheduleWithFixedDelay(this::pushPullTick, pushPull, pushPull, TimeUnit.MILLISECONDS);
    long refresh = settings.refreshInterval().toMillis();
    timers.scheduleWithFixedDelay(this::refreshPeers, refresh, refresh, TimeUnit.MILLISECONDS);
  }

  /** The {@code host:port} the transport listens on, known after {@link #start()}. */
  public String listenAddress() {
    NameCheckingTcp t = tcp;
    if (t == null) {
      throw new IllegalStateException("cluster peer not started");
    }
    PhysicalAddress pa = t.localPhysicalAddress();
    return pa instanceof IpAddress ip
        ? ip.getIpAddress().getHostAddress() + ":" + ip.getPort()
        : String.valueOf(pa);
  }

  /** The number of members including this peer (1 alone, 0 before start). */
  public int members() {
    return members.size();
  }

  /** This peer's index in the sorted member names; 0 when alone or not started. */
  public int position() {
    int i = memberNames.indexOf(name);
    return Math.max(i, 0);
  }

  /** How long the notification pipeline waits before deduplication: position × peer timeout. */
  public long peerWaitMillis() {
    return position() * settings.peerTimeout().toMillis();
  }

  /** The peer timeout of the settings. */
  public Duration peerTimeout() {
    return settings.peerTimeout();
  }

  /** Whether gossip has settled (or the settle timeout passed). */
  public boolean ready() {
    return ready;
  }

  /**
   * Blocks until gossip settled, at most {@code timeout}; returns whether it has. The settle
   * timeout bounds the wait in any case.
   */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return readyLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Messages of another cluster name refused by the transport so far. */
  public long refusedMessages() {
    NameCheckingTcp t = tcp;
    return t == null ? 0 : t.refused();
  }

  /** Names of peers that left without saying goodbye in the last hours, still being looked for. */
  public Set<String> failedPeers() {
    return Set.copyOf(failedPeers.keySet());
  }

  /** The cluster section of {@code /api/v2/status}. */
  public ClusterStatus status() {
    List<ClusterStatus.Peer> peers = new ArrayList<>();
    JChannel ch = channel;
    NameCheckingTcp t = tcp;
    List<Address> mbrs = new ArrayList<>(members);
    mbrs.sort((a, b) -> nameOf(a).compareTo(nameOf(b)));
    for (Address a : mbrs) {
      String addr = "";
      if (a.equals(address) && t != null) {
        addr = listenAddress();
      } else if (t != null) {
        PhysicalAddress pa = t.getPhysicalAddressFromCache(a);
        if (pa instanceof IpAddress ip) {
          addr = ip.getIpAddress().getHostAddress() + ":" + ip.getPort();
        }
      }
      peers.add(new ClusterStatus.Peer(nameOf(a), addr));
    }
    return new ClusterStatus(name, ch == null || ready ? "ready" : "settling", peers);
  }

  /** The underlying channel, for tests that inject faults. */
  @Nullable JChannel channel() {
    return channel;
  }

  private boolean isMember(String peerName) {
    return memberNames.contains(peerName);
  }

  static String nameOf(Address a) {
    return a instanceof UUID u ? ulid(u) : String.valueOf(a);
  }

  private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  /** The 26-character Crockford base32 ULID form of the 128 address bits. */
  static String ulid(UUID u) {
    long hi = u.getMostSignificantBits();
    long lo = u.getLeastSignificantBits();
    char[] out = new char[26];
    for (int i = 0; i < 26; i++) {
      int shift = 125 - 5 * i; // bit offset of this digit's lowest bit, counted from bit 0 of lo
      int v;
      if (shift >= 64) {
        v = (int) (hi >>> (shift - 64)) & 0x1F;
      } else if (shift > 59) {
        v = (int) (((hi << (64 - shift)) | (lo >>> shift)) & 0x1F);
      } else {
        v = (int) (lo >>> shift) & 0x1F;
      }
      out[i] = CROCKFORD[v];
    }
    return new String(out);
  }

  // ---- outgoing messages

  private void enqueueUpdate(String key, byte[] data) {
    if (!closed) {
      outgoing.add(new Outgoing(null, MSG_UPDATE, Map.of(key, data)));
    }
  }

  private Map<String, byte[]> fullState() {
    Map<String, byte[]> parts = new LinkedHashMap<>();
    for (ReplicatedState s : states.values()) {
      parts.put(s.key(), s.encodeState());
    }
    return parts;
  }

  private void sendLoop() {
    while (true) {
      Outgoing first;
      try {
        first = outgoing.take();
      } catch (InterruptedException e) {
        return;
      }
      List<Map.Entry<String, byte[]>> parts = new ArrayList<>(first.parts().entrySet());
      if (first.type() == MSG_UPDATE) {
        int size = 0;
        for (Map.Entry<String, byte[]> p : parts) {
          size += p.getValue().length;
        }
        Outgoing next;
        while (size < MAX_UPDATE_BATCH_BYTES
            && (next = outgoing.peekFirst()) != null
            && next.type() == MSG_UPDATE) {
          outgoing.pollFirst();
          for (Map.Entry<String, byte[]> p : next.parts().entrySet()) {
            parts.add(p);
            size += p.getValue().length;
          }
        }
      }
      send(first.dest(), first.type(), parts);
    }
  }

  private void send(@Nullable Address dest, byte type, List<Map.Entry<String, byte[]>> parts) {
    JChannel ch = channel;
    if (ch == null || !awaitConnected(ch)) {
      return;
    }
    if (dest == null && members.size() <= 1) {
      return; // nobody to tell; joiners get the full state
    }
    byte[] body = encodeMessage(type, parts);
    try {
      ch.send(new BytesMessage(dest, body));
      String t = type == MSG_UPDATE ? "update" : "full_state";
      if (type != MSG_LEAVE) {
        messagesSent.labelValues(t).inc();
        sentSize.labelValues(t).inc(body.length);
      }
    } catch (Exception e) {
      LOG.atWarn().addKeyValue("component", "cluster").addKeyValue("err", String.valueOf(e))
          .log("failed to send cluster message");
    }
  }

  /**
   * Waits while the channel is still connecting: a member's push can arrive before this peer's
   * {@code connect} returns, and its reply must not be dropped (the member would wait for it
   * until the settle timeout). Runs on the sender thread only.
   */
  private boolean awaitConnected(JChannel ch) {
    long deadline = clock.nanoTime() + settings.settleTimeout().toNanos();
    while (!ch.isConnected()) {
      if (closed || ch.isClosed() || clock.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  static byte[] encodeMessage(byte type, Collection<Map.Entry<String, byte[]>> parts) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(type);
      out.writeInt(parts.size());
      for (Map.Entry<String, byte[]> p : parts) {
        out.writeUTF(p.getKey());
        out.writeInt(p.getValue().length);
        out.write(p.getValue());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e); // in-memory stream
    }
    return bytes.toByteArray();
  }

  private void push(Address dest, boolean awaitReply) {
    if (awaitReply) {
      pendingPulls.put(dest, clock.nanoTime());
    }
    outgoing.add(new Outgoing(dest, MSG_PUSH, fullState()));
  }

  // ---- incoming

  private final class ChannelReceiver implements Receiver {
    @Override
    public void receive(Message msg) {
      if (msg instanceof BytesMessage b && b.getArray() != null) {
        handle(msg.getSrc(), b.getArray(), b.getOffset(), b.getLength());
      }
    }

    @Override
    public void viewAccepted(View view) {
      onView(view);
    }
  }

  private void handle(Address src, byte[] buf, int off, int len) {
    byte type;
    List<Map.Entry<String, byte[]>> parts = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(buf, off, len))) {
      type = in.readByte();
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        String key = in.readUTF();
        int size = in.readInt();
        if (size < 0 || size > len) {
          throw new IOException("part size " + size + " out of range");
        }
        byte[] data = new byte[size];
        in.readFully(data);
        parts.add(Map.entry(key, data));
      }
    } catch (IOException e) {
      LOG.atWarn().addKeyValue("component", "cluster").addKeyValue("peer", nameOf(src))
          .addKeyValue("err", e.getMessage()).log("dropped malformed cluster message");
      return;
    }
    if (type == MSG_LEAVE) {
      leaving.add(nameOf(src));
      return;
    }
    String t = type == MSG_UPDATE ? "update" : "full_state";
    messagesReceived.labelValues(t).inc();
    receivedSize.labelValues(t).inc(len);
    for (Map.Entry<String, byte[]> p : parts) {
      ReplicatedState s = states.get(p.getKey());
      if (s == null) {
        LOG.atDebug().addKeyValue("component", "cluster").addKeyValue("key", p.getKey())
            .log("ignoring state of unknown key");
        continue;
      }
      try {
        s.merge(p.getValue());
      } catch (CorruptStateException e) {
        LOG.atWarn().addKeyValue("component", "cluster").addKeyValue("key", p.getKey())
            .addKeyValue("peer", nameOf(src)).addKeyValue("err", e.getMessage())
            .log("failed to merge state from peer");
      }
    }
    if (type == MSG_PUSH) {
      outgoing.add(new Outgoing(src, MSG_PULL_REPLY, fullState()));
    } else if (type == MSG_PULL_REPLY) {
      pendingPulls.remove(src);
    }
  }

  private void onView(View view) {
    // not this object's monitor: close() and start() hold it while JGroups delivers views
    synchronized (viewLock) {
      applyView(view);
    }
  }

  private void applyView(View view) {
    List<Address> old = members;
    List<Address> now = List.copyOf(view.getMembers());
    Set<Address> oldSet = new HashSet<>(old);
    Set<Address> nowSet = new HashSet<>(now);
    List<String> names = new ArrayList<>();
    for (Address a : now) {
      names.add(nameOf(a));
    }
    names.sort(null);
    members = now;
    memberNames = List.copyOf(names);
    for (Address a : now) {
      if (a.equals(address) || oldSet.contains(a)) {
        continue;
      }
      peersJoined.inc();
      failedPeers.remove(nameOf(a));
      if (!old.isEmpty()) {
        LOG.atInfo().addKeyValue("component", "cluster").addKeyValue("peer", nameOf(a))
            .addKeyValue("members", now.size()).log("peer joined");
      }
      push(a, true);
    }
    long nowNanos = clock.nanoTime();
    for (Address a : old) {
      if (a.equals(address) || nowSet.contains(a)) {
        continue;
      }
      peersLeft.inc();
      pendingPulls.remove(a);
      String n = nameOf(a);
      boolean graceful = leaving.remove(n);
      if (!graceful) {
        failedPeers.put(n, nowNanos);
      }
      LOG.atInfo().addKeyValue("component", "cluster").addKeyValue("peer", n)
          .addKeyValue("members", now.size()).addKeyValue("graceful", graceful)
          .log("peer left");
    }
    if (view instanceof MergeView) {
      LOG.atInfo().addKeyValue("component", "cluster").addKeyValue("members", now.size())
          .log("cluster partitions merged");
    }
    updateGauges();
  }

  private void updateGauges() {
    long cutoff = clock.nanoTime() - FAILED_PEER_RETENTION.toNanos();
    failedPeers.values().removeIf(t -> t - cutoff < 0);
    membersGauge.set(members.size());
    positionGauge.set(position());
    failedPeersGauge.set(failedPeers.size());
    // memberlist's awareness score rises with failed probes, capped at 8; failed peers are ours
    healthScore.set(Math.min(8, failedPeers.size()));
  }

  // ---- timers

  private void settlePoll() {
    if (ready) {
      return;
    }
    long elapsedNanos = clock.nanoTime() - settleStartNanos;
    String elapsed = Duration.ofNanos(elapsedNanos).toMillis() / 1000.0 + "s";
    int n = members.size();
    // a requested full state that has not arrived for a settle timeout counts as lost
    long lost = clock.nanoTime() - settings.settleTimeout().toNanos();
    pendingPulls.values().removeIf(t -> t - lost < 0);
    boolean stable = n == settleLastCount && pendingPulls.isEmpty();
    if (stable) {
      settleStable++;
    } else {
      LOG.atInfo().addKeyValue("component", "cluster").addKeyValue("polls", settlePolls)
          .addKeyValue("before", settleLastCount).addKeyValue("now", n)
          .addKeyValue("pending_full_states", pendingPulls.size()).addKeyValue("elapsed", elapsed)
          .log("gossip not settled");
      settleStable = 0;
    }
    settleLastCount = n;
    settlePolls++;
    if (settleStable >= SETTLE_POLLS_REQUIRED) {
      LOG.atInfo().addKeyValue("component", "cluster").addKeyValue("elapsed", elapsed)
          .log("gossip settled; proceeding");
      markReady();
    } else if (elapsedNanos >= settings.settleTimeout().toNanos()) {
      LOG.atInfo().addKeyValue("component", "cluster").addKeyValue("polls", settlePolls)
          .addKeyValue("elapsed", elapsed).log("gossip not settled but continuing anyway");
      markReady();
    }
  }

  private void markReady() {
    ready = true;
    readyLatch.countDown();
  }

  private void pushPullTick() {
    try {
      List<Address> others = new ArrayList<>(members);
      others.remove(address);
      if (!others.isEmpty()) {
        push(others.get(ThreadLocalRandom.current().nextInt(others.size())), false);
      }
      for (ReplicatedState s : states.values()) {
        if (s instanceof SendingClaims c) {
          c.gc();
        }
      }
      updateGauges();
    } catch (RuntimeException e) {
      LOG.atWarn().addKeyValue("component", "cluster").addKeyValue("err", String.valueOf(e))
          .log("push/pull failed");
    }
  }

  private void refreshPeers() {
    if (settings.peers().isEmpty()) {
      return;
    }
    List<String> failures = new ArrayList<>();
    Set<InetSocketAddress> now = PeerResolver.resolveAll(settings.peers(), failures);
    for (String f : failures) {
      LOG.atWarn().addKeyValue("component", "cluster").addKeyValue("result", "failure")
          .addKeyValue("err", f).log("refresh");
    }
    PeerDiscovery ping = discovery;
    if (ping != null && !now.isEmpty() && !now.equals(resolvedPeers)) {
      LOG.atInfo().addKeyValue("component", "cluster").addKeyValue("peers", now.toString())
          .log("peer addresses changed");
      resolvedPeers = now;
      ping.setInitialHosts(new ArrayList<>(now));
    }
  }

  /**
   * Announces the departure, leaves the cluster and stops the timers. Idempotent. Registered
   * states stay usable.
   */
  @Override
  public void close() {
    JChannel ch;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      ch = channel;
    }
    timers.shutdownNow();
    if (ch != null) {
      if (ch.isConnected() && members.size() > 1) {
        try {
          ch.send(new BytesMessage(null, encodeMessage(MSG_LEAVE, List.of())));
        } catch (Exception e) {
          LOG.atWarn().addKeyValue("component", "cluster").addKeyValue("err", String.valueOf(e))
              .log("unable to leave gossip mesh");
        }
      }
      ch.close();
    }
    Thread s = sender;
    if (s != null) {
      s.interrupt();
    }
    for (AutoCloseable l : stateListeners) {
      try {
        l.close();
      } catch (Exception e) {
        LOG.atDebug().addKeyValue("err", String.valueOf(e)).log("state listener close failed");
      }
    }
    members = List.of();
    memberNames = List.of();
  }
}
