package io.argus.scrape.discovery;

import io.argus.scrape.config.KubernetesSelectors;
import io.argus.scrape.config.ServiceDiscoveryConfigs.AttachMetadata;
import io.argus.scrape.config.ServiceDiscoveryConfigs.KubernetesSdConfig;
import io.argus.scrape.config.ServiceDiscoveryConfigs.Selector;
import io.argus.util.Cancellation;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.AnyNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers targets from the Kubernetes API ({@code kubernetes_sd_configs}) with fabric8 informers.
 *
 * <p>One informer per watched namespace lists and watches the objects of the configured role (with
 * the role's label and field selectors passed to the API); further informers keep the related
 * objects upstream joins in (services and pods for endpoints and endpoint slices, nodes and
 * namespaces for {@code attach_metadata}, replica sets and jobs for controller names). Informer
 * callbacks only queue the keys of the role's objects that changed; the running thread waits until
 * every informer has listed once (not for the watches to be established), then turns queued keys
 * into groups: the object's current group, or an empty group with the same source once it is gone.
 * Failed list and watch requests are retried by the informers and counted in {@code
 * prometheus_sd_kubernetes_failures_total}.
 */
final class KubernetesDiscoverer implements Discoverer {
  private static final Logger logger = LoggerFactory.getLogger(KubernetesDiscoverer.class);
  private static final Selector NO_SELECTOR = new Selector("", "", "");
  private static final long SYNC_POLL_MS = 50;

  private final KubernetesSdConfig sd;
  private final Config clientConfig;
  private final String ownNamespace;
  private final DiscoveryMetrics metrics;
  private final AttachMetadata attach;
  private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final Map<String, Selector> selectors = new LinkedHashMap<>();

  private Watched<? extends HasMetadata> primary = new Watched<>();
  private Watched<Pod> pods = new Watched<>();
  private Watched<Service> services = new Watched<>();
  private Watched<Node> nodes = new Watched<>();
  private Watched<Namespace> namespaces = new Watched<>();
  private Watched<ReplicaSet> replicaSets = new Watched<>();
  private Watched<Job> jobs = new Watched<>();

  KubernetesDiscoverer(
      KubernetesSdConfig sd, Config clientConfig, String ownNamespace, DiscoveryMetrics metrics) {
    this.sd = sd;
    this.clientConfig = clientConfig;
    this.ownNamespace = ownNamespace;
    this.metrics = metrics;
    boolean podsKnown =
        !sd.role().equals("node") && !sd.role().equals("service") && !sd.role().equals("ingress");
    AttachMetadata a = sd.attachMetadata();
    this.attach =
        new AttachMetadata(
            a.node() && podsKnown,
            a.namespace() && !sd.role().equals("node"),
            a.deployment() && podsKnown,
            a.job() && podsKnown,
            a.cronJob() && podsKnown);
    for (Selector s : sd.selectors()) {
      selectors.put(s.role(), s);
    }
  }

  /** The namespaces to watch: {@code ""} alone stands for all of them. */
  List<String> namespacesToWatch() {
    List<String> names = new ArrayList<>(sd.namespaces());
    if (names.isEmpty() && !sd.ownNamespace()) {
      return List.of("");
    }
    if (sd.ownNamespace() && !ownNamespace.isEmpty()) {
      names.add(ownNamespace);
    }
    return names;
  }

  @Override
  public void run(Cancellation c, Consumer<List<TargetGroup>> updates) {
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(clientConfig).build()) {
      try {
        watchAll(client);
        for (SharedIndexInformer<?> informer : informers) {
          informer.start();
        }
        awaitSynced(c);
        KubernetesTargets targets = new KubernetesTargets(new StoreLookup(), attach);
        while (true) {
          c.check();
          String first = queue.poll(1, TimeUnit.SECONDS);
          if (first == null) {
            continue;
          }
          Set<String> keys = new LinkedHashSet<>();
          keys.add(first);
          List<String> more = new ArrayList<>();
          queue.drainTo(more);
          keys.addAll(more);
          List<TargetGroup> groups = new ArrayList<>(keys.size());
          for (String key : keys) {
            TargetGroup g = group(targets, key);
            if (g != null) {
              groups.add(g);
            }
          }
          if (!groups.isEmpty()) {
            updates.accept(groups);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Cancellation.CancelledException("interrupted");
      } finally {
        for (SharedIndexInformer<?> informer : informers) {
          informer.stop();
        }
      }
    }
  }

  /**
   * Waits until every informer has listed its objects once. A failing watch does not hold the
   * targets back: the informers relist and retry it on their own, as client-go's reflectors do.
   */
  private void awaitSynced(Cancellation c) throws InterruptedException {
    while (true) {
      c.check();
      boolean synced = true;
      for (SharedIndexInformer<?> informer : informers) {
        synced &= informer.hasSynced();
      }
      if (synced) {
        return;
      }
      Thread.sleep(SYNC_POLL_MS);
    }
  }

  /**
   * Returns the group of the role's object with {@code key}, or null when there is none to send.
   */
  private @Nullable TargetGroup group(KubernetesTargets targets, String key) {
    int slash = key.indexOf('/');
    String ns = slash < 0 ? "" : key.substring(0, slash);
    String name = key.substring(slash + 1);
    HasMetadata o = primary.get(ns, name);
    return switch (sd.role()) {
      case "node" ->
          o == null
              ? TargetGroup.empty(KubernetesTargets.nodeSource(name))
              : KubernetesTargets.node((Node) o);
      case "pod" ->
          o == null
              ? TargetGroup.empty(KubernetesTargets.podSource(ns, name))
              : targets.pod((Pod) o);
      case "service" ->
          o == null
              ? TargetGroup.empty(KubernetesTargets.serviceSource(ns, name))
              : targets.service((Service) o);
      case "endpoints" ->
          o == null
              ? TargetGroup.empty(KubernetesTargets.endpointsSource(ns, name))
              : targets.endpoints((Endpoints) o);
      case "endpointslice" ->
          o == null
              ? TargetGroup.empty(KubernetesTargets.endpointSliceSource(ns, name))
              : targets.endpointSlice((EndpointSlice) o);
      case "ingress" ->
          o == null
              ? TargetGroup.empty(KubernetesTargets.ingressSource(ns, name))
              : targets.ingress((Ingress) o);
      default -> throw new IllegalStateException("unknown role " + sd.role());
    };
  }

  // ---- informers ----------------------------------------------------------------------------

  private void watchAll(KubernetesClient client) {
    List<String> nss = namespacesToWatch();
    if (attach.node() || sd.role().equals("node")) {
      Watched<Node> w = new Watched<>();
      w.add("", informer(client.nodes(), selector("node"), nodeEvents()));
      nodes = w;
    }
    if (attach.namespace()) {
      Watched<Namespace> w = new Watched<>();
      w.add("", informer(client.namespaces(), NO_SELECTOR, namespaceEvents()));
      namespaces = w;
    }
    for (String ns : nss) {
      if (attach.deployment()) {
        replicaSets.add(
            ns,
            informer(
                scoped(client.apps().replicaSets(), ns),
                NO_SELECTOR,
                handler(null, rs -> enqueueOwnedPods("ReplicaSet", rs))));
      }
      if (attach.job() || attach.cronJob()) {
        jobs.add(
            ns,
            informer(
                scoped(client.batch().v1().jobs(), ns),
                NO_SELECTOR,
                handler(null, job -> enqueueOwnedPods("Job", job))));
      }
    }
    switch (sd.role()) {
      case "node" -> primary = nodes;
      case "pod" -> {
        for (String ns : nss) {
          pods.add(ns, informer(scoped(client.pods(), ns), selector("pod"), primaryEvents("pod")));
        }
        primary = pods;
      }
      case "service" -> {
        for (String ns : nss) {
          services.add(
              ns,
              informer(
                  scoped(client.services(), ns), selector("service"), primaryEvents("service")));
        }
        primary = services;
      }
      case "ingress" -> {
        Watched<Ingress> w = new Watched<>();
        for (String ns : nss) {
          w.add(
              ns,
              informer(
                  scoped(client.network().v1().ingresses(), ns),
                  selector("ingress"),
                  primaryEvents("ingress")));
        }
        primary = w;
      }
      case "endpoints" -> {
        Watched<Endpoints> w = new Watched<>();
        for (String ns : nss) {
          w.add(
              ns,
              informer(
                  scoped(client.endpoints(), ns),
                  selector("endpoints"),
                  primaryEvents("endpoints")));
          services.add(
              ns,
              informer(
                  scoped(client.services(), ns),
                  selector("service"),
                  handler("service", this::enqueueSameName)));
          pods.add(ns, informer(scoped(client.pods(), ns), selector("pod"), podEvents()));
        }
        primary = w;
      }
      case "endpointslice" -> {
        Watched<EndpointSlice> w = new Watched<>();
        for (String ns : nss) {
          w.add(
              ns,
              informer(
                  scoped(client.discovery().v1().endpointSlices(), ns),
                  selector("endpointslice"),
                  primaryEvents("endpointslice")));
          services.add(
              ns,
              informer(
                  scoped(client.services(), ns),
                  selector("service"),
                  handler("service", this::enqueueSlicesOfService)));
          pods.add(ns, informer(scoped(client.pods(), ns), selector("pod"), podEvents()));
        }
        primary = w;
      }
      default -> throw new IllegalStateException("unknown role " + sd.role());
    }
  }

  private static <T, L, R extends Resource<T>> AnyNamespaceOperation<T, L, R> scoped(
      MixedOperation<T, L, R> op, String namespace) {
    return namespace.isEmpty() ? op.inAnyNamespace() : op.inNamespace(namespace);
  }

  private Selector selector(String role) {
    return selectors.getOrDefault(role, NO_SELECTOR);
  }

  private <T extends HasMetadata, L, R> SharedIndexInformer<T> informer(
      AnyNamespaceOperation<T, L, R> op, Selector selector, ResourceEventHandler<T> handler) {
    FilterWatchListDeletable<T, L, R> f = op;
    if (!selector.label().isEmpty()) {
      f = f.withLabelSelector(selector.label());
    }
    for (KubernetesSelectors.FieldRequirement r :
        KubernetesSelectors.parseFieldSelector(selector.field())) {
      f = r.equals() ? f.withField(r.field(), r.value()) : f.withoutField(r.field(), r.value());
    }
    SharedIndexInformer<T> informer = f.runnableInformer(0);
    informer.addEventHandler(handler);
    informer.exceptionHandler(
        (started, t) -> {
          metrics.kubernetesFailures.inc();
          logger
              .atWarn()
              .addKeyValue("role", sd.role())
              .addKeyValue("err", Objects.requireNonNullElse(t.getMessage(), t.toString()))
              .log("kubernetes list or watch failed, retrying");
          return true;
        });
    informers.add(informer);
    return informer;
  }

  // ---- event handlers -----------------------------------------------------------------------

  /**
   * Returns a handler that counts events under {@code role} (not at all when null) and passes the
   * added, updated or deleted object to {@code onChange}.
   */
  private <T extends HasMetadata> ResourceEventHandler<T> handler(
      @Nullable String role, Consumer<T> onChange) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        count(role, "add");
        onChange.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        count(role, "update");
        onChange.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean finalStateUnknown) {
        count(role, "delete");
        onChange.accept(obj);
      }
    };
  }

  private void count(@Nullable String role, String event) {
    if (role != null) {
      metrics.kubernetesEvents.labelValues(role, event).inc();
    }
  }

  private <T extends HasMetadata> ResourceEventHandler<T> primaryEvents(String role) {
    return handler(role, o -> queue.add(key(o)));
  }

  private ResourceEventHandler<Node> nodeEvents() {
    if (sd.role().equals("node")) {
      return primaryEvents("node");
    }
    return handler(null, n -> enqueueMatching(o -> onNode(o, KubernetesTargets.name(n))));
  }

  private ResourceEventHandler<Namespace> namespaceEvents() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Namespace obj) {}

      @Override
      public void onUpdate(Namespace oldObj, Namespace newObj) {
        String ns = KubernetesTargets.name(newObj);
        enqueueMatching(o -> KubernetesTargets.namespace(o).equals(ns));
      }

      @Override
      public void onDelete(Namespace obj, boolean finalStateUnknown) {}
    };
  }

  /**
   * Endpoints and endpoint slices follow their pods' phase changes, as upstream, and also the
   * arrival of a pod they already refer to, which upstream misses when the pod informer lags.
   */
  private ResourceEventHandler<Pod> podEvents() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod obj) {
        enqueueReferencing(obj);
      }

      @Override
      public void onUpdate(Pod oldObj, Pod newObj) {
        count("pod", "update");
        String was = oldObj.getStatus() == null ? null : oldObj.getStatus().getPhase();
        String is = newObj.getStatus() == null ? null : newObj.getStatus().getPhase();
        if (!Objects.equals(was, is)) {
          enqueueReferencing(newObj);
        }
      }

      @Override
      public void onDelete(Pod obj, boolean finalStateUnknown) {}
    };
  }

  private void enqueueReferencing(Pod pod) {
    String ns = KubernetesTargets.namespace(pod);
    String name = KubernetesTargets.name(pod);
    enqueueMatching(o -> referencesPod(o, ns, name));
  }

  private void enqueueSameName(Service svc) {
    String ns = KubernetesTargets.namespace(svc);
    if (primary.get(ns, KubernetesTargets.name(svc)) != null) {
      queue.add(ns + "/" + KubernetesTargets.name(svc));
    }
  }

  private void enqueueSlicesOfService(Service svc) {
    String ns = KubernetesTargets.namespace(svc);
    String name = KubernetesTargets.name(svc);
    enqueueMatching(
        o ->
            KubernetesTargets.namespace(o).equals(ns)
                && o.getMetadata().getLabels() != null
                && name.equals(
                    o.getMetadata().getLabels().get(KubernetesTargets.SERVICE_NAME_LABEL)));
  }

  private void enqueueOwnedPods(String kind, HasMetadata owner) {
    String ns = KubernetesTargets.namespace(owner);
    String name = KubernetesTargets.name(owner);
    enqueueMatching(
        o -> {
          if (!(o instanceof Pod) || !KubernetesTargets.namespace(o).equals(ns)) {
            return false;
          }
          OwnerReference ref = KubernetesTargets.controllerOf(o);
          return ref != null && kind.equals(ref.getKind()) && name.equals(ref.getName());
        });
  }

  private void enqueueMatching(Predicate<HasMetadata> affected) {
    for (HasMetadata o : primary.list()) {
      if (affected.test(o)) {
        queue.add(key(o));
      }
    }
  }

  /** Whether the role's object {@code o} runs on, or refers to, node {@code node}. */
  private static boolean onNode(HasMetadata o, String node) {
    if (o instanceof Pod p) {
      return p.getSpec() != null && node.equals(p.getSpec().getNodeName());
    }
    if (o instanceof Endpoints e) {
      for (EndpointSubset ss : nonNull(e.getSubsets())) {
        for (EndpointAddress a : nonNull(ss.getAddresses())) {
          ObjectReference ref = a.getTargetRef();
          if (ref != null
              && (("Pod".equals(ref.getKind()) && node.equals(a.getNodeName()))
                  || ("Node".equals(ref.getKind()) && node.equals(ref.getName())))) {
            return true;
          }
        }
      }
    }
    if (o instanceof EndpointSlice s) {
      for (Endpoint ep : nonNull(s.getEndpoints())) {
        ObjectReference ref = ep.getTargetRef();
        if (ref != null
            && (("Pod".equals(ref.getKind()) && node.equals(ep.getNodeName()))
                || ("Node".equals(ref.getKind()) && node.equals(ref.getName())))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean referencesPod(HasMetadata o, String ns, String name) {
    List<ObjectReference> refs = new ArrayList<>();
    if (o instanceof Endpoints e) {
      for (EndpointSubset ss : nonNull(e.getSubsets())) {
        for (EndpointAddress a : nonNull(ss.getAddresses())) {
          refs.add(a.getTargetRef());
        }
        for (EndpointAddress a : nonNull(ss.getNotReadyAddresses())) {
          refs.add(a.getTargetRef());
        }
      }
    } else if (o instanceof EndpointSlice s) {
      for (Endpoint ep : nonNull(s.getEndpoints())) {
        refs.add(ep.getTargetRef());
      }
    }
    for (ObjectReference ref : refs) {
      if (ref != null
          && "Pod".equals(ref.getKind())
          && ns.equals(ref.getNamespace())
          && name.equals(ref.getName())) {
        return true;
      }
    }
    return false;
  }

  private static String key(HasMetadata o) {
    String ns = KubernetesTargets.namespace(o);
    return ns.isEmpty() ? KubernetesTargets.name(o) : ns + "/" + KubernetesTargets.name(o);
  }

  private static <T> List<T> nonNull(@Nullable List<T> l) {
    return l == null ? List.of() : l;
  }

  // ---- stores -------------------------------------------------------------------------------

  /** The informers of one kind, by namespace ({@code ""} for all namespaces or cluster scope). */
  private static final class Watched<T extends HasMetadata> {
    private final Map<String, SharedIndexInformer<T>> byNamespace = new LinkedHashMap<>();

    void add(String namespace, SharedIndexInformer<T> informer) {
      byNamespace.put(namespace, informer);
    }

    @Nullable T get(String namespace, String name) {
      SharedIndexInformer<T> informer = byNamespace.get("");
      if (informer == null) {
        informer = byNamespace.get(namespace);
      }
      if (informer == null) {
        return null;
      }
      return informer.getStore().getByKey(namespace.isEmpty() ? name : namespace + "/" + name);
    }

    List<T> list() {
      List<T> all = new ArrayList<>();
      for (SharedIndexInformer<T> informer : byNamespace.values()) {
        all.addAll(informer.getStore().list());
      }
      return all;
    }
  }

  /** Looks related objects up in the informers' stores. */
  private final class StoreLookup implements KubernetesTargets.Lookup {
    @Override
    public @Nullable Node node(String name) {
      return nodes.get("", name);
    }

    @Override
    public @Nullable Namespace namespace(String name) {
      return namespaces.get("", name);
    }

    @Override
    public @Nullable Pod pod(String namespace, String name) {
      return pods.get(namespace, name);
    }

    @Override
    public @Nullable Service service(String namespace, String name) {
      return services.get(namespace, name);
    }

    @Override
    public @Nullable ReplicaSet replicaSet(String namespace, String name) {
      return replicaSets.get(namespace, name);
    }

    @Override
    public @Nullable Job job(String namespace, String name) {
      return jobs.get(namespace, name);
    }
  }
}
