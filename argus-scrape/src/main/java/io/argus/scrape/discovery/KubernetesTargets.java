package io.argus.scrape.discovery;

import io.argus.model.labels.Labels;
import io.argus.scrape.config.ServiceDiscoveryConfigs.AttachMetadata;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds the target groups of Kubernetes discovery from API objects, with upstream's sources and
 * {@code __meta_kubernetes_*} labels. Related objects (the node of a pod, the service of an
 * Endpoints object, …) come from a {@link Lookup}. Stateless; thread-safe if the lookup is.
 */
final class KubernetesTargets {
  static final String PREFIX = "__meta_kubernetes_";
  static final String NAMESPACE = PREFIX + "namespace";
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  private static final String POD = PREFIX + "pod_";
  private static final String CONTAINER_NAME = POD + "container_name";
  private static final String CONTAINER_ID = POD + "container_id";
  private static final String CONTAINER_IMAGE = POD + "container_image";
  private static final String CONTAINER_PORT_NAME = POD + "container_port_name";
  private static final String CONTAINER_PORT_NUMBER = POD + "container_port_number";
  private static final String CONTAINER_PORT_PROTOCOL = POD + "container_port_protocol";
  private static final String CONTAINER_INIT = POD + "container_init";
  private static final String ENDPOINT = PREFIX + "endpoint_";
  private static final String SLICE = PREFIX + "endpointslice_";
  private static final String[] NODE_ADDRESS_PREFERENCE = {
    "InternalIP", "InternalDNS", "ExternalIP", "ExternalDNS", "LegacyHostIP", "Hostname"
  };

  /** Related objects by key; each method returns null when the object is not known. */
  interface Lookup {
    @Nullable Node node(String name);

    @Nullable Namespace namespace(String name);

    @Nullable Pod pod(String namespace, String name);

    @Nullable Service service(String namespace, String name);

    @Nullable ReplicaSet replicaSet(String namespace, String name);

    @Nullable Job job(String namespace, String name);
  }

  private final Lookup lookup;
  private final AttachMetadata attach;

  KubernetesTargets(Lookup lookup, AttachMetadata attach) {
    this.lookup = lookup;
    this.attach = attach;
  }

  // ---- sources ------------------------------------------------------------------------------

  static String podSource(String namespace, String name) {
    return "pod/" + namespace + "/" + name;
  }

  static String serviceSource(String namespace, String name) {
    return "svc/" + namespace + "/" + name;
  }

  static String endpointsSource(String namespace, String name) {
    return "endpoints/" + namespace + "/" + name;
  }

  static String endpointSliceSource(String namespace, String name) {
    return "endpointslice/" + namespace + "/" + name;
  }

  static String ingressSource(String namespace, String name) {
    return "ingress/" + namespace + "/" + name;
  }

  static String nodeSource(String name) {
    return "node/" + name;
  }

  // ---- node ---------------------------------------------------------------------------------

  /** Returns the node's group, or null when it has no usable address (upstream sends nothing). */
  static @Nullable TargetGroup node(Node node) {
    Map<String, String> common = new HashMap<>();
    common.put(
        PREFIX + "node_provider_id",
        node.getSpec() == null ? "" : str(node.getSpec().getProviderID()));
    if (node.getStatus() != null) {
      for (NodeCondition c : list(node.getStatus().getConditions())) {
        common.put(
            PREFIX + "node_condition_" + sanitize(str(c.getType()).toLowerCase(Locale.ROOT)),
            str(c.getStatus()).toLowerCase(Locale.ROOT));
      }
    }
    addObjectMeta(common, node.getMetadata(), "node");
    Map<String, List<String>> byType = new LinkedHashMap<>();
    if (node.getStatus() != null) {
      for (NodeAddress a : list(node.getStatus().getAddresses())) {
        byType.computeIfAbsent(str(a.getType()), k -> new ArrayList<>()).add(str(a.getAddress()));
      }
    }
    String address = null;
    for (String type : NODE_ADDRESS_PREFERENCE) {
      List<String> found = byType.get(type);
      if (found != null) {
        address = found.get(0);
        break;
      }
    }
    if (address == null) {
      return null;
    }
    int port = 0;
    if (node.getStatus().getDaemonEndpoints() != null
        && node.getStatus().getDaemonEndpoints().getKubeletEndpoint() != null) {
      port = intOf(node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort());
    }
    Map<String, String> target = new HashMap<>();
    target.put("__address__", joinHostPort(address, port));
    target.put("instance", name(node));
    byType.forEach(
        (type, addrs) -> target.put(sanitize(PREFIX + "node_address_" + type), addrs.get(0)));
    return new TargetGroup(nodeSource(name(node)), List.of(Labels.of(target)), Labels.of(common));
  }

  // ---- pod ----------------------------------------------------------------------------------

  TargetGroup pod(Pod pod) {
    String source = podSource(namespace(pod), name(pod));
    String podIp = pod.getStatus() == null ? "" : str(pod.getStatus().getPodIP());
    if (podIp.isEmpty()) {
      return TargetGroup.empty(source);
    }
    String nodeName = pod.getSpec() == null ? "" : str(pod.getSpec().getNodeName());
    if (attach.node() && lookup.node(nodeName) == null) {
      return TargetGroup.empty(source);
    }
    Map<String, String> common = podLabels(pod);
    common.put(NAMESPACE, namespace(pod));
    if (attach.node()) {
      addNodeLabels(common, nodeName);
    }
    addNamespaceLabels(common, namespace(pod));
    List<Labels> targets = new ArrayList<>();
    List<Container> containers = containers(pod);
    int regular = pod.getSpec() == null ? 0 : list(pod.getSpec().getContainers()).size();
    for (int i = 0; i < containers.size(); i++) {
      Container c = containers.get(i);
      boolean init = i >= regular;
      List<ContainerStatus> statuses =
          init
              ? list(pod.getStatus().getInitContainerStatuses())
              : list(pod.getStatus().getContainerStatuses());
      String id = "";
      for (ContainerStatus s : statuses) {
        if (Objects.equals(s.getName(), c.getName())) {
          id = str(s.getContainerID());
          break;
        }
      }
      List<ContainerPort> ports = list(c.getPorts());
      if (ports.isEmpty()) {
        Map<String, String> t = new HashMap<>();
        t.put("__address__", podIp);
        t.put(CONTAINER_NAME, str(c.getName()));
        t.put(CONTAINER_ID, id);
        t.put(CONTAINER_IMAGE, str(c.getImage()));
        t.put(CONTAINER_INIT, Boolean.toString(init));
        targets.add(Labels.of(t));
        continue;
      }
      for (ContainerPort p : ports) {
        String port = Integer.toString(intOf(p.getContainerPort()));
        Map<String, String> t = new HashMap<>();
        t.put("__address__", joinHostPort(podIp, intOf(p.getContainerPort())));
        t.put(CONTAINER_NAME, str(c.getName()));
        t.put(CONTAINER_ID, id);
        t.put(CONTAINER_IMAGE, str(c.getImage()));
        t.put(CONTAINER_PORT_NUMBER, port);
        t.put(CONTAINER_PORT_NAME, str(p.getName()));
        t.put(CONTAINER_PORT_PROTOCOL, str(p.getProtocol()));
        t.put(CONTAINER_INIT, Boolean.toString(init));
        targets.add(Labels.of(t));
      }
    }
    return new TargetGroup(source, targets, Labels.of(common));
  }

  /** The pod's own labels, shared by the pod, endpoints and endpointslice roles. */
  private Map<String, String> podLabels(Pod pod) {
    Map<String, String> ls = new HashMap<>();
    ls.put(POD + "ip", pod.getStatus() == null ? "" : str(pod.getStatus().getPodIP()));
    ls.put(POD + "ready", podReady(pod));
    ls.put(POD + "phase", pod.getStatus() == null ? "" : str(pod.getStatus().getPhase()));
    ls.put(POD + "node_name", pod.getSpec() == null ? "" : str(pod.getSpec().getNodeName()));
    ls.put(POD + "host_ip", pod.getStatus() == null ? "" : str(pod.getStatus().getHostIP()));
    ls.put(POD + "uid", str(pod.getMetadata().getUid()));
    addObjectMeta(ls, pod.getMetadata(), "pod");
    OwnerReference owner = controllerOf(pod);
    if (owner != null) {
      if (!str(owner.getKind()).isEmpty()) {
        ls.put(POD + "controller_kind", owner.getKind());
      }
      if (!str(owner.getName()).isEmpty()) {
        ls.put(POD + "controller_name", owner.getName());
      }
      if ("ReplicaSet".equals(owner.getKind()) && attach.deployment()) {
        ReplicaSet rs = lookup.replicaSet(namespace(pod), str(owner.getName()));
        OwnerReference rsOwner = rs == null ? null : controllerOf(rs);
        if (rsOwner != null && "Deployment".equals(rsOwner.getKind())) {
          ls.put(POD + "deployment_name", str(rsOwner.getName()));
        }
      } else if ("Job".equals(owner.getKind())) {
        if (attach.job()) {
          ls.put(POD + "job_name", str(owner.getName()));
        }
        if (attach.cronJob()) {
          Job job = lookup.job(namespace(pod), str(owner.getName()));
          OwnerReference jobOwner = job == null ? null : controllerOf(job);
          if (jobOwner != null && "CronJob".equals(jobOwner.getKind())) {
            ls.put(POD + "cronjob_name", str(jobOwner.getName()));
          }
        }
      }
    }
    return ls;
  }

  private static String podReady(Pod pod) {
    if (pod.getStatus() != null) {
      for (PodCondition c : list(pod.getStatus().getConditions())) {
        if ("Ready".equals(c.getType())) {
          return str(c.getStatus()).toLowerCase(Locale.ROOT);
        }
      }
    }
    return "unknown";
  }

  static @Nullable OwnerReference controllerOf(HasMetadata o) {
    for (OwnerReference r : list(o.getMetadata().getOwnerReferences())) {
      if (Boolean.TRUE.equals(r.getController())) {
        return r;
      }
    }
    return null;
  }

  private static List<Container> containers(Pod pod) {
    List<Container> all = new ArrayList<>();
    if (pod.getSpec() != null) {
      all.addAll(list(pod.getSpec().getContainers()));
      all.addAll(list(pod.getSpec().getInitContainers()));
    }
    return all;
  }

  // ---- service ------------------------------------------------------------------------------

  TargetGroup service(Service svc) {
    Map<String, String> common = serviceLabels(svc);
    addNamespaceLabels(common, namespace(svc));
    String type = svc.getSpec() == null ? "" : str(svc.getSpec().getType());
    List<Labels> targets = new ArrayList<>();
    List<ServicePort> ports = svc.getSpec() == null ? List.of() : list(svc.getSpec().getPorts());
    for (ServicePort p : ports) {
      int port = intOf(p.getPort());
      Map<String, String> t = new HashMap<>();
      t.put("__address__", joinHostPort(name(svc) + "." + namespace(svc) + ".svc", port));
      t.put(PREFIX + "service_port_name", str(p.getName()));
      t.put(PREFIX + "service_port_number", Integer.toString(port));
      t.put(PREFIX + "service_port_protocol", str(p.getProtocol()));
      t.put(PREFIX + "service_type", type);
      if (type.equals("ExternalName")) {
        t.put(PREFIX + "service_external_name", str(svc.getSpec().getExternalName()));
      } else {
        t.put(PREFIX + "service_cluster_ip", str(svc.getSpec().getClusterIP()));
      }
      if (type.equals("LoadBalancer")) {
        t.put(PREFIX + "service_loadbalancer_ip", loadBalancerIps(svc));
      }
      targets.add(Labels.of(t));
    }
    return new TargetGroup(serviceSource(namespace(svc), name(svc)), targets, Labels.of(common));
  }

  private static Map<String, String> serviceLabels(Service svc) {
    Map<String, String> ls = new HashMap<>();
    ls.put(NAMESPACE, namespace(svc));
    addObjectMeta(ls, svc.getMetadata(), "service");
    return ls;
  }

  private static String loadBalancerIps(Service svc) {
    List<String> ips = new ArrayList<>();
    if (svc.getStatus() != null && svc.getStatus().getLoadBalancer() != null) {
      for (LoadBalancerIngress i : list(svc.getStatus().getLoadBalancer().getIngress())) {
        if (!str(i.getIp()).isEmpty()) {
          ips.add(i.getIp());
        }
      }
    }
    return ips.isEmpty() ? str(svc.getSpec().getLoadBalancerIP()) : String.join(",", ips);
  }

  // ---- endpoints ----------------------------------------------------------------------------

  TargetGroup endpoints(Endpoints eps) {
    String ns = namespace(eps);
    Map<String, String> common = new HashMap<>();
    common.put(NAMESPACE, ns);
    Service svc = lookup.service(ns, name(eps));
    if (svc != null) {
      common.putAll(serviceLabels(svc));
    }
    addObjectMeta(common, eps.getMetadata(), "endpoints");
    addNamespaceLabels(common, ns);

    List<Labels> targets = new ArrayList<>();
    Map<String, PodPorts> seenPods = new LinkedHashMap<>();
    for (EndpointSubset ss : list(eps.getSubsets())) {
      for (EndpointPort port : list(ss.getPorts())) {
        for (EndpointAddress addr : list(ss.getAddresses())) {
          targets.add(endpointsTarget(addr, port, "true", seenPods));
        }
        for (EndpointAddress addr : list(ss.getNotReadyAddresses())) {
          targets.add(endpointsTarget(addr, port, "false", seenPods));
        }
      }
    }
    addUnseenPodPorts(targets, seenPods);
    return new TargetGroup(endpointsSource(ns, name(eps)), targets, Labels.of(common));
  }

  private Labels endpointsTarget(
      EndpointAddress addr, EndpointPort port, String ready, Map<String, PodPorts> seenPods) {
    int portNumber = intOf(port.getPort());
    Map<String, String> t = new HashMap<>();
    t.put("__address__", joinHostPort(str(addr.getIp()), portNumber));
    t.put(ENDPOINT + "port_name", str(port.getName()));
    t.put(ENDPOINT + "port_protocol", str(port.getProtocol()));
    t.put(ENDPOINT + "ready", ready);
    ObjectReference ref = addr.getTargetRef();
    if (ref != null) {
      t.put(ENDPOINT + "address_target_kind", str(ref.getKind()));
      t.put(ENDPOINT + "address_target_name", str(ref.getName()));
    }
    if (addr.getNodeName() != null) {
      t.put(ENDPOINT + "node_name", addr.getNodeName());
    }
    if (!str(addr.getHostname()).isEmpty()) {
      t.put(ENDPOINT + "hostname", addr.getHostname());
    }
    if (attach.node()) {
      if (addr.getNodeName() != null) {
        addNodeLabels(t, addr.getNodeName());
      } else if (ref != null && "Node".equals(ref.getKind())) {
        addNodeLabels(t, str(ref.getName()));
      }
    }
    Pod pod = resolvePod(ref);
    if (pod == null) {
      return Labels.of(t);
    }
    PodPorts seen =
        seenPods.computeIfAbsent(namespace(pod) + "/" + name(pod), k -> new PodPorts(pod));
    t.putAll(podLabels(pod));
    matchContainerPort(t, pod, portNumber, str(port.getProtocol()), false);
    seen.ports.add(portNumber);
    return Labels.of(t);
  }

  // ---- endpointslice ------------------------------------------------------------------------

  TargetGroup endpointSlice(EndpointSlice eps) {
    String ns = namespace(eps);
    String source = endpointSliceSource(ns, name(eps));
    Map<String, String> common = new HashMap<>();
    common.put(NAMESPACE, ns);
    common.put(SLICE + "address_type", str(eps.getAddressType()));
    addObjectMeta(common, eps.getMetadata(), "endpointslice");
    Service svc = null;
    String svcName = labelsOf(eps.getMetadata()).get(SERVICE_NAME_LABEL);
    if (svcName != null) {
      svc = lookup.service(ns, svcName);
      if (svc != null) {
        common.putAll(serviceLabels(svc));
      }
    }
    addNamespaceLabels(common, ns);
    if (nonPrimaryIpFamily(svc, eps)) {
      return new TargetGroup(source, List.of(), Labels.of(common));
    }
    List<Labels> targets = new ArrayList<>();
    Map<String, PodPorts> seenPods = new LinkedHashMap<>();
    for (Endpoint ep : list(eps.getEndpoints())) {
      for (io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort port : list(eps.getPorts())) {
        for (String addr : list(ep.getAddresses())) {
          targets.add(sliceTarget(addr, ep, port, seenPods));
        }
      }
    }
    addUnseenPodPorts(targets, seenPods);
    return new TargetGroup(source, targets, Labels.of(common));
  }

  private Labels sliceTarget(
      String addr,
      Endpoint ep,
      io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort port,
      Map<String, PodPorts> seenPods) {
    Map<String, String> t = new HashMap<>();
    t.put("__address__", port.getPort() == null ? addr : joinHostPort(addr, port.getPort()));
    if (port.getName() != null) {
      t.put(SLICE + "port_name", port.getName());
    }
    if (port.getProtocol() != null) {
      t.put(SLICE + "port_protocol", port.getProtocol());
    }
    if (port.getPort() != null) {
      t.put(SLICE + "port", Integer.toString(port.getPort()));
    }
    if (port.getAppProtocol() != null) {
      t.put(SLICE + "port_app_protocol", port.getAppProtocol());
    }
    EndpointConditions cond = ep.getConditions();
    if (cond != null) {
      if (cond.getReady() != null) {
        t.put(SLICE + "endpoint_conditions_ready", cond.getReady().toString());
      }
      if (cond.getServing() != null) {
        t.put(SLICE + "endpoint_conditions_serving", cond.getServing().toString());
      }
      if (cond.getTerminating() != null) {
        t.put(SLICE + "endpoint_conditions_terminating", cond.getTerminating().toString());
      }
    }
    if (ep.getHostname() != null) {
      t.put(SLICE + "endpoint_hostname", ep.getHostname());
    }
    ObjectReference ref = ep.getTargetRef();
    if (ref != null) {
      t.put(SLICE + "address_target_kind", str(ref.getKind()));
      t.put(SLICE + "address_target_name", str(ref.getName()));
    }
    if (ep.getNodeName() != null) {
      t.put(SLICE + "endpoint_node_name", ep.getNodeName());
    }
    if (ep.getZone() != null) {
      t.put(SLICE + "endpoint_zone", ep.getZone());
    }
    if (ep.getDeprecatedTopology() != null) {
      ep.getDeprecatedTopology()
          .forEach(
              (k, v) -> {
                t.put(SLICE + "endpoint_topology_" + sanitize(k), v);
                t.put(SLICE + "endpoint_topology_present_" + sanitize(k), "true");
              });
    }
    if (attach.node()) {
      if (ref != null && "Node".equals(ref.getKind())) {
        addNodeLabels(t, str(ref.getName()));
      } else if (ep.getNodeName() != null) {
        addNodeLabels(t, ep.getNodeName());
      }
    }
    Pod pod = resolvePod(ref);
    if (pod == null) {
      return Labels.of(t);
    }
    PodPorts seen =
        seenPods.computeIfAbsent(namespace(pod) + "/" + name(pod), k -> new PodPorts(pod));
    t.putAll(podLabels(pod));
    if (port.getPort() != null) {
      matchContainerPort(t, pod, port.getPort(), "", true);
      seen.ports.add(port.getPort());
    }
    return Labels.of(t);
  }

  private static boolean nonPrimaryIpFamily(@Nullable Service svc, EndpointSlice eps) {
    if (svc == null || svc.getSpec() == null) {
      return false;
    }
    String policy = svc.getSpec().getIpFamilyPolicy();
    if (!"PreferDualStack".equals(policy) && !"RequireDualStack".equals(policy)) {
      return false;
    }
    List<String> families = list(svc.getSpec().getIpFamilies());
    return !families.isEmpty() && !families.get(0).equals(str(eps.getAddressType()));
  }

  // ---- endpoints and endpointslice: pods ----------------------------------------------------

  /** A pod referenced by an endpoint and the endpoint ports seen for it. */
  private static final class PodPorts {
    final Pod pod;
    final List<Integer> ports = new ArrayList<>();

    PodPorts(Pod pod) {
      this.pod = pod;
    }
  }

  private @Nullable Pod resolvePod(@Nullable ObjectReference ref) {
    if (ref == null || !"Pod".equals(ref.getKind())) {
      return null;
    }
    return lookup.pod(str(ref.getNamespace()), str(ref.getName()));
  }

  /**
   * Adds the container labels of the first container port equal to {@code port}. The protocol is
   * the endpoint port's for Endpoints ({@code containerProtocol} false) and the container port's
   * for EndpointSlices, as upstream does.
   */
  private static void matchContainerPort(
      Map<String, String> t,
      Pod pod,
      int port,
      String endpointProtocol,
      boolean containerProtocol) {
    List<Container> containers = containers(pod);
    int regular = list(pod.getSpec().getContainers()).size();
    for (int i = 0; i < containers.size(); i++) {
      Container c = containers.get(i);
      for (ContainerPort cp : list(c.getPorts())) {
        if (intOf(cp.getContainerPort()) != port) {
          continue;
        }
        t.put(CONTAINER_NAME, str(c.getName()));
        t.put(CONTAINER_IMAGE, str(c.getImage()));
        t.put(CONTAINER_PORT_NAME, str(cp.getName()));
        t.put(CONTAINER_PORT_NUMBER, Integer.toString(port));
        t.put(
            CONTAINER_PORT_PROTOCOL, containerProtocol ? str(cp.getProtocol()) : endpointProtocol);
        t.put(CONTAINER_INIT, Boolean.toString(i >= regular));
        break;
      }
    }
  }

  /** Adds a target for every container port of a seen pod that no endpoint port covered. */
  private void addUnseenPodPorts(List<Labels> targets, Map<String, PodPorts> seenPods) {
    for (PodPorts pe : seenPods.values()) {
      String podIp = pe.pod.getStatus() == null ? "" : str(pe.pod.getStatus().getPodIP());
      if (podIp.isEmpty()) {
        continue;
      }
      List<Container> containers = containers(pe.pod);
      int regular = list(pe.pod.getSpec().getContainers()).size();
      for (int i = 0; i < containers.size(); i++) {
        Container c = containers.get(i);
        for (ContainerPort cp : list(c.getPorts())) {
          int port = intOf(cp.getContainerPort());
          if (pe.ports.contains(port)) {
            continue;
          }
          Map<String, String> t = new HashMap<>();
          t.put("__address__", joinHostPort(podIp, port));
          t.put(CONTAINER_NAME, str(c.getName()));
          t.put(CONTAINER_IMAGE, str(c.getImage()));
          t.put(CONTAINER_PORT_NAME, str(cp.getName()));
          t.put(CONTAINER_PORT_NUMBER, Integer.toString(port));
          t.put(CONTAINER_PORT_PROTOCOL, str(cp.getProtocol()));
          t.put(CONTAINER_INIT, Boolean.toString(i >= regular));
          t.putAll(podLabels(pe.pod));
          targets.add(Labels.of(t));
        }
      }
    }
  }

  // ---- ingress ------------------------------------------------------------------------------

  TargetGroup ingress(Ingress ing) {
    String ns = namespace(ing);
    Map<String, String> common = new HashMap<>();
    common.put(NAMESPACE, ns);
    if (ing.getSpec() != null && ing.getSpec().getIngressClassName() != null) {
      common.put(PREFIX + "ingress_class_name", ing.getSpec().getIngressClassName());
    }
    addObjectMeta(common, ing.getMetadata(), "ingress");
    addNamespaceLabels(common, ns);
    List<Labels> targets = new ArrayList<>();
    List<IngressRule> rules = ing.getSpec() == null ? List.of() : list(ing.getSpec().getRules());
    List<String> tlsHosts = new ArrayList<>();
    if (ing.getSpec() != null) {
      for (IngressTLS tls : list(ing.getSpec().getTls())) {
        tlsHosts.addAll(list(tls.getHosts()));
      }
    }
    for (IngressRule rule : rules) {
      String host = str(rule.getHost());
      String scheme = "http";
      for (String pattern : tlsHosts) {
        if (matchesHostPattern(pattern, host)) {
          scheme = "https";
          break;
        }
      }
      List<String> paths = new ArrayList<>();
      if (rule.getHttp() == null) {
        paths.add("/");
      } else {
        for (HTTPIngressPath p : list(rule.getHttp().getPaths())) {
          paths.add(str(p.getPath()).isEmpty() ? "/" : p.getPath());
        }
      }
      for (String path : paths) {
        targets.add(
            Labels.of(
                "__address__",
                host,
                PREFIX + "ingress_scheme",
                scheme,
                PREFIX + "ingress_host",
                host,
                PREFIX + "ingress_path",
                path));
      }
    }
    return new TargetGroup(ingressSource(ns, name(ing)), targets, Labels.of(common));
  }

  /** Whether {@code host} equals {@code pattern} or matches it as a {@code *.} wildcard. */
  static boolean matchesHostPattern(String pattern, String host) {
    if (pattern.equals(host)) {
      return true;
    }
    String[] p = pattern.split("\\.", -1);
    String[] h = host.split("\\.", -1);
    if (!p[0].equals("*") || p.length != h.length) {
      return false;
    }
    for (int i = 1; i < p.length; i++) {
      if (!p[i].equals(h[i])) {
        return false;
      }
    }
    return true;
  }

  // ---- metadata -----------------------------------------------------------------------------

  private void addNodeLabels(Map<String, String> target, String nodeName) {
    Node node = lookup.node(nodeName);
    if (node != null) {
      target.put(PREFIX + "node_name", name(node));
      addLabelsAndAnnotations(target, node.getMetadata(), "node");
    }
  }

  private void addNamespaceLabels(Map<String, String> common, String namespace) {
    if (!attach.namespace()) {
      return;
    }
    Namespace ns = lookup.namespace(namespace);
    if (ns != null) {
      addLabelsAndAnnotations(common, ns.getMetadata(), "namespace");
    }
  }

  private static void addObjectMeta(Map<String, String> ls, ObjectMeta meta, String role) {
    ls.put(PREFIX + role + "_name", str(meta.getName()));
    addLabelsAndAnnotations(ls, meta, role);
  }

  private static void addLabelsAndAnnotations(
      Map<String, String> ls, ObjectMeta meta, String resource) {
    labelsOf(meta)
        .forEach(
            (k, v) -> {
              String ln = sanitize(k);
              ls.put(PREFIX + resource + "_label_" + ln, v);
              ls.put(PREFIX + resource + "_labelpresent_" + ln, "true");
            });
    if (meta.getAnnotations() != null) {
      meta.getAnnotations()
          .forEach(
              (k, v) -> {
                String ln = sanitize(k);
                ls.put(PREFIX + resource + "_annotation_" + ln, v);
                ls.put(PREFIX + resource + "_annotationpresent_" + ln, "true");
              });
    }
  }

  private static Map<String, String> labelsOf(ObjectMeta meta) {
    return meta.getLabels() == null ? Map.of() : meta.getLabels();
  }

  /** Replaces every character outside {@code [a-zA-Z0-9_]} with an underscore, as upstream. */
  static String sanitize(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      sb.append(ok ? c : '_');
    }
    return sb.toString();
  }

  // ---- small helpers ------------------------------------------------------------------------

  static String joinHostPort(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  static String name(HasMetadata o) {
    return str(o.getMetadata().getName());
  }

  static String namespace(HasMetadata o) {
    return str(o.getMetadata().getNamespace());
  }

  private static String str(@Nullable String s) {
    return s == null ? "" : s;
  }

  private static int intOf(@Nullable Integer i) {
    return i == null ? 0 : i;
  }

  private static <T> List<T> list(@Nullable List<T> l) {
    return l == null ? List.of() : l;
  }
}
