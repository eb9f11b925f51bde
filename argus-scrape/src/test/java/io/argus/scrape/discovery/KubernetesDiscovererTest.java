package io.argus.scrape.discovery;

import static io.argus.scrape.discovery.KubernetesMock.awaitGroup;
import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.scrape.config.ServiceDiscoveryConfigs.AttachMetadata;
import io.argus.scrape.config.ServiceDiscoveryConfigs.Selector;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes discovery against fabric8's mock API server, one role at a time. Expected label sets
 * follow upstream's discovery/kubernetes tests.
 */
class KubernetesDiscovererTest {
  private static final String TOPOLOGY = "__meta_kubernetes_endpointslice_endpoint_topology_";
  private KubernetesMock k8s;

  @BeforeEach
  void start() throws Exception {
    k8s = new KubernetesMock();
  }

  @AfterEach
  void stop() {
    k8s.close();
  }

  // ---- fixtures -----------------------------------------------------------------------------

  static Pod multiPortPod(String ns, String name, String ip) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .withLabels(Map.of("test/label", "testvalue"))
        .withAnnotations(Map.of("test/annotation", "testannotationvalue"))
        .addNewOwnerReference()
        .withApiVersion("v1")
        .withKind("testcontrollerkind")
        .withName("testcontrollername")
        .withUid("c1")
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withNodeName("testnode")
        .addNewContainer()
        .withName("testcontainer0")
        .withImage("testcontainer0:latest")
        .addNewPort()
        .withName("testport0")
        .withProtocol("TCP")
        .withContainerPort(9000)
        .endPort()
        .addNewPort()
        .withName("testport1")
        .withProtocol("UDP")
        .withContainerPort(9001)
        .endPort()
        .endContainer()
        .addNewContainer()
        .withName("testcontainer1")
        .withImage("testcontainer1:latest")
        .endContainer()
        .addNewInitContainer()
        .withName("initcontainer")
        .withImage("initcontainer:latest")
        .endInitContainer()
        .endSpec()
        .withNewStatus()
        .withPodIP(ip)
        .withHostIP("2.3.4.5")
        .withPhase("Running")
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .addNewContainerStatus()
        .withName("testcontainer0")
        .withContainerID("docker://a1b2c3d4e5f6")
        .endContainerStatus()
        .addNewContainerStatus()
        .withName("testcontainer1")
        .withContainerID("containerd://6f5e4d3c2b1a")
        .endContainerStatus()
        .addNewInitContainerStatus()
        .withName("initcontainer")
        .withContainerID("containerd://init")
        .endInitContainerStatus()
        .endStatus()
        .build();
  }

  static Node node(String name, String internalIp, Map<String, String> labels) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .withAnnotations(Map.of("test.annotation", "testannotationvalue"))
        .endMetadata()
        .withNewSpec()
        .withProviderID("aws:///eu-west-1a/i-1")
        .endSpec()
        .withNewStatus()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress(internalIp)
        .endAddress()
        .addNewAddress()
        .withType("Hostname")
        .withAddress(name + ".example")
        .endAddress()
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .addNewCondition()
        .withType("MemoryPressure")
        .withStatus("False")
        .endCondition()
        .withNewDaemonEndpoints()
        .withNewKubeletEndpoint()
        .withPort(10250)
        .endKubeletEndpoint()
        .endDaemonEndpoints()
        .endStatus()
        .build();
  }

  static Labels multiPortPodLabels(Pod pod, String ip) {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    return Labels.of(
        "__meta_kubernetes_namespace", ns,
        "__meta_kubernetes_pod_name", name,
        "__meta_kubernetes_pod_ip", ip,
        "__meta_kubernetes_pod_ready", "true",
        "__meta_kubernetes_pod_phase", "Running",
        "__meta_kubernetes_pod_node_name", "testnode",
        "__meta_kubernetes_pod_host_ip", "2.3.4.5",
        "__meta_kubernetes_pod_uid", pod.getMetadata().getUid(),
        "__meta_kubernetes_pod_label_test_label", "testvalue",
        "__meta_kubernetes_pod_labelpresent_test_label", "true",
        "__meta_kubernetes_pod_annotation_test_annotation", "testannotationvalue",
        "__meta_kubernetes_pod_annotationpresent_test_annotation", "true",
        "__meta_kubernetes_pod_controller_kind", "testcontrollerkind",
        "__meta_kubernetes_pod_controller_name", "testcontrollername");
  }

  static List<Labels> multiPortPodTargets(String ip) {
    return List.of(
        Labels.of(
            "__address__", ip + ":9000",
            "__meta_kubernetes_pod_container_name", "testcontainer0",
            "__meta_kubernetes_pod_container_id", "docker://a1b2c3d4e5f6",
            "__meta_kubernetes_pod_container_image", "testcontainer0:latest",
            "__meta_kubernetes_pod_container_port_name", "testport0",
            "__meta_kubernetes_pod_container_port_number", "9000",
            "__meta_kubernetes_pod_container_port_protocol", "TCP",
            "__meta_kubernetes_pod_container_init", "false"),
        Labels.of(
            "__address__", ip + ":9001",
            "__meta_kubernetes_pod_container_name", "testcontainer0",
            "__meta_kubernetes_pod_container_id", "docker://a1b2c3d4e5f6",
            "__meta_kubernetes_pod_container_image", "testcontainer0:latest",
            "__meta_kubernetes_pod_container_port_name", "testport1",
            "__meta_kubernetes_pod_container_port_number", "9001",
            "__meta_kubernetes_pod_container_port_protocol", "UDP",
            "__meta_kubernetes_pod_container_init", "false"),
        Labels.of(
            "__address__", ip,
            "__meta_kubernetes_pod_container_name", "testcontainer1",
            "__meta_kubernetes_pod_container_id", "containerd://6f5e4d3c2b1a",
            "__meta_kubernetes_pod_container_image", "testcontainer1:latest",
            "__meta_kubernetes_pod_container_init", "false"),
        Labels.of(
            "__address__", ip,
            "__meta_kubernetes_pod_container_name", "initcontainer",
            "__meta_kubernetes_pod_container_id", "containerd://init",
            "__meta_kubernetes_pod_container_image", "initcontainer:latest",
            "__meta_kubernetes_pod_container_init", "true"));
  }

  // ---- pod ----------------------------------------------------------------------------------

  @Test
  void pod_createUpdateDelete() throws Exception {
    Pod pod = k8s.client.resource(multiPortPod("default", "testpod", "1.2.3.4")).create();
    try (DiscovererRun run = k8s.run(k8s.config("pod"))) {
      awaitGroup(
          run,
          new TargetGroup(
              "pod/default/testpod",
              multiPortPodTargets("1.2.3.4"),
              multiPortPodLabels(pod, "1.2.3.4")));

      k8s.client
          .pods()
          .inNamespace("default")
          .withName("testpod")
          .edit(
              p -> {
                p.getStatus().setPodIP("5.6.7.8");
                return p;
              });
      awaitGroup(
          run,
          new TargetGroup(
              "pod/default/testpod",
              multiPortPodTargets("5.6.7.8"),
              multiPortPodLabels(pod, "5.6.7.8")));

      k8s.client.pods().inNamespace("default").withName("testpod").delete();
      awaitGroup(run, TargetGroup.empty("pod/default/testpod"));
    }
    assertThat(k8s.metrics.kubernetesEvents("pod", "add")).isEqualTo(1);
    assertThat(k8s.metrics.kubernetesEvents("pod", "update")).isEqualTo(1);
    assertThat(k8s.metrics.kubernetesEvents("pod", "delete")).isEqualTo(1);
  }

  @Test
  void pod_withoutIpHasNoTargets() throws Exception {
    Pod pending = multiPortPod("default", "pending", "");
    pending.getStatus().setPodIP(null);
    k8s.client.resource(pending).create();
    try (DiscovererRun run = k8s.run(k8s.config("pod"))) {
      awaitGroup(run, TargetGroup.empty("pod/default/pending"));
    }
  }

  // ---- node ---------------------------------------------------------------------------------

  @Test
  void node_createUpdateDelete() throws Exception {
    k8s.client.resource(node("test", "10.0.0.1", Map.of("test-label", "testvalue"))).create();
    try (DiscovererRun run = k8s.run(k8s.config("node"))) {
      awaitGroup(run, nodeGroup("test", "10.0.0.1", "testvalue"));

      k8s.client
          .nodes()
          .withName("test")
          .edit(
              n -> {
                n.getMetadata().getLabels().put("test-label", "changed");
                return n;
              });
      awaitGroup(run, nodeGroup("test", "10.0.0.1", "changed"));

      k8s.client.nodes().withName("test").delete();
      awaitGroup(run, TargetGroup.empty("node/test"));
    }
  }

  private static TargetGroup nodeGroup(String name, String ip, String labelValue) {
    return new TargetGroup(
        "node/" + name,
        List.of(
            Labels.of(
                "__address__",
                ip + ":10250",
                "instance",
                name,
                "__meta_kubernetes_node_address_InternalIP",
                ip,
                "__meta_kubernetes_node_address_Hostname",
                name + ".example")),
        Labels.of(
            "__meta_kubernetes_node_name", name,
            "__meta_kubernetes_node_provider_id", "aws:///eu-west-1a/i-1",
            "__meta_kubernetes_node_condition_ready", "true",
            "__meta_kubernetes_node_condition_memorypressure", "false",
            "__meta_kubernetes_node_label_test_label", labelValue,
            "__meta_kubernetes_node_labelpresent_test_label", "true",
            "__meta_kubernetes_node_annotation_test_annotation", "testannotationvalue",
            "__meta_kubernetes_node_annotationpresent_test_annotation", "true"));
  }

  // ---- service ------------------------------------------------------------------------------

  static Service service(String ns, String name, String type) {
    ServiceBuilder b =
        new ServiceBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(name)
            .withLabels(Map.of("test-label", "testvalue"))
            .withAnnotations(Map.of("test-annotation", "testannotationvalue"))
            .endMetadata()
            .withNewSpec()
            .withType(type)
            .addNewPort()
            .withName("testport")
            .withProtocol("TCP")
            .withPort(30900)
            .endPort()
            .addNewPort()
            .withName("testport1")
            .withProtocol("UDP")
            .withPort(30901)
            .endPort()
            .endSpec();
    if (type.equals("ExternalName")) {
      b.editSpec().withExternalName("FooExternalName").endSpec();
    } else {
      b.editSpec().withClusterIP("10.0.0.1").endSpec();
    }
    if (type.equals("LoadBalancer")) {
      b.withNewStatus()
          .withNewLoadBalancer()
          .addNewIngress()
          .withIp("127.0.0.2")
          .endIngress()
          .addNewIngress()
          .withHostname("lb.example")
          .endIngress()
          .endLoadBalancer()
          .endStatus();
    }
    return b.build();
  }

  static Labels serviceLabels(String ns, String name) {
    return Labels.of(
        "__meta_kubernetes_namespace", ns,
        "__meta_kubernetes_service_name", name,
        "__meta_kubernetes_service_label_test_label", "testvalue",
        "__meta_kubernetes_service_labelpresent_test_label", "true",
        "__meta_kubernetes_service_annotation_test_annotation", "testannotationvalue",
        "__meta_kubernetes_service_annotationpresent_test_annotation", "true");
  }

  @Test
  void service_createUpdateDelete() throws Exception {
    k8s.client.resource(service("default", "testservice", "ClusterIP")).create();
    k8s.client.resource(service("default", "external", "ExternalName")).create();
    k8s.client.resource(service("default", "lb", "LoadBalancer")).create();
    try (DiscovererRun run = k8s.run(k8s.config("service"))) {
      awaitGroup(
          run,
          new TargetGroup(
              "svc/default/testservice",
              List.of(
                  servicePort("testservice.default.svc:30900", "testport", "30900", "TCP")
                      .and("__meta_kubernetes_service_cluster_ip", "10.0.0.1")
                      .and("__meta_kubernetes_service_type", "ClusterIP")
                      .build(),
                  servicePort("testservice.default.svc:30901", "testport1", "30901", "UDP")
                      .and("__meta_kubernetes_service_cluster_ip", "10.0.0.1")
                      .and("__meta_kubernetes_service_type", "ClusterIP")
                      .build()),
              serviceLabels("default", "testservice")));
      awaitGroup(
          run,
          new TargetGroup(
              "svc/default/external",
              List.of(
                  servicePort("external.default.svc:30900", "testport", "30900", "TCP")
                      .and("__meta_kubernetes_service_external_name", "FooExternalName")
                      .and("__meta_kubernetes_service_type", "ExternalName")
                      .build(),
                  servicePort("external.default.svc:30901", "testport1", "30901", "UDP")
                      .and("__meta_kubernetes_service_external_name", "FooExternalName")
                      .and("__meta_kubernetes_service_type", "ExternalName")
                      .build()),
              serviceLabels("default", "external")));
      awaitGroup(
          run,
          new TargetGroup(
              "svc/default/lb",
              List.of(
                  servicePort("lb.default.svc:30900", "testport", "30900", "TCP")
                      .and("__meta_kubernetes_service_cluster_ip", "10.0.0.1")
                      .and("__meta_kubernetes_service_loadbalancer_ip", "127.0.0.2")
                      .and("__meta_kubernetes_service_type", "LoadBalancer")
                      .build(),
                  servicePort("lb.default.svc:30901", "testport1", "30901", "UDP")
                      .and("__meta_kubernetes_service_cluster_ip", "10.0.0.1")
                      .and("__meta_kubernetes_service_loadbalancer_ip", "127.0.0.2")
                      .and("__meta_kubernetes_service_type", "LoadBalancer")
                      .build()),
              serviceLabels("default", "lb")));

      k8s.client
          .services()
          .inNamespace("default")
          .withName("testservice")
          .edit(
              s -> {
                s.getSpec().getPorts().remove(1);
                return s;
              });
      awaitGroup(
          run,
          new TargetGroup(
              "svc/default/testservice",
              List.of(
                  servicePort("testservice.default.svc:30900", "testport", "30900", "TCP")
                      .and("__meta_kubernetes_service_cluster_ip", "10.0.0.1")
                      .and("__meta_kubernetes_service_type", "ClusterIP")
                      .build()),
              serviceLabels("default", "testservice")));

      k8s.client.services().inNamespace("default").withName("testservice").delete();
      awaitGroup(run, TargetGroup.empty("svc/default/testservice"));
    }
  }

  private static LabelSet servicePort(String address, String name, String number, String proto) {
    return new LabelSet()
        .and("__address__", address)
        .and("__meta_kubernetes_service_port_name", name)
        .and("__meta_kubernetes_service_port_number", number)
        .and("__meta_kubernetes_service_port_protocol", proto);
  }

  /** A label set under construction, for readable expectations. */
  static final class LabelSet {
    private final Map<String, String> labels = new TreeMap<>();

    LabelSet and(String name, String value) {
      labels.put(name, value);
      return this;
    }

    LabelSet and(Labels more) {
      more.forEach(labels::put);
      return this;
    }

    LabelSet without(String name) {
      labels.remove(name);
      return this;
    }

    Labels build() {
      return Labels.of(labels);
    }
  }

  // ---- endpoints ----------------------------------------------------------------------------

  static Endpoints endpoints(String ns, String name) {
    return new EndpointsBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .withLabels(Map.of("app/name", "test"))
        .withAnnotations(Map.of("test.annotation", "test"))
        .endMetadata()
        .addNewSubset()
        .addNewAddress()
        .withIp("1.2.3.4")
        .withHostname("testendpoint1")
        .withNodeName("foobar")
        .endAddress()
        .addNewPort()
        .withName("testport")
        .withPort(9000)
        .withProtocol("TCP")
        .endPort()
        .endSubset()
        .addNewSubset()
        .addNewAddress()
        .withIp("2.3.4.5")
        .endAddress()
        .addNewNotReadyAddress()
        .withIp("2.3.4.5")
        .endNotReadyAddress()
        .addNewPort()
        .withName("testport")
        .withPort(9001)
        .withProtocol("TCP")
        .endPort()
        .endSubset()
        .addNewSubset()
        .addNewAddress()
        .withIp("6.7.8.9")
        .withNewTargetRef()
        .withKind("Node")
        .withName("barbaz")
        .endTargetRef()
        .endAddress()
        .addNewPort()
        .withName("testport")
        .withPort(9002)
        .withProtocol("TCP")
        .endPort()
        .endSubset()
        .build();
  }

  static List<Labels> endpointsTargets() {
    return List.of(
        new LabelSet()
            .and("__address__", "1.2.3.4:9000")
            .and("__meta_kubernetes_endpoint_hostname", "testendpoint1")
            .and("__meta_kubernetes_endpoint_node_name", "foobar")
            .and("__meta_kubernetes_endpoint_port_name", "testport")
            .and("__meta_kubernetes_endpoint_port_protocol", "TCP")
            .and("__meta_kubernetes_endpoint_ready", "true")
            .build(),
        new LabelSet()
            .and("__address__", "2.3.4.5:9001")
            .and("__meta_kubernetes_endpoint_port_name", "testport")
            .and("__meta_kubernetes_endpoint_port_protocol", "TCP")
            .and("__meta_kubernetes_endpoint_ready", "true")
            .build(),
        new LabelSet()
            .and("__address__", "2.3.4.5:9001")
            .and("__meta_kubernetes_endpoint_port_name", "testport")
            .and("__meta_kubernetes_endpoint_port_protocol", "TCP")
            .and("__meta_kubernetes_endpoint_ready", "false")
            .build(),
        new LabelSet()
            .and("__address__", "6.7.8.9:9002")
            .and("__meta_kubernetes_endpoint_address_target_kind", "Node")
            .and("__meta_kubernetes_endpoint_address_target_name", "barbaz")
            .and("__meta_kubernetes_endpoint_port_name", "testport")
            .and("__meta_kubernetes_endpoint_port_protocol", "TCP")
            .and("__meta_kubernetes_endpoint_ready", "true")
            .build());
  }

  static Labels endpointsLabels(String ns, String name) {
    return Labels.of(
        "__meta_kubernetes_namespace", ns,
        "__meta_kubernetes_endpoints_name", name,
        "__meta_kubernetes_endpoints_label_app_name", "test",
        "__meta_kubernetes_endpoints_labelpresent_app_name", "true",
        "__meta_kubernetes_endpoints_annotation_test_annotation", "test",
        "__meta_kubernetes_endpoints_annotationpresent_test_annotation", "true");
  }

  @Test
  void endpoints_joinsServiceAndPods() throws Exception {
    k8s.client.resource(endpoints("default", "testendpoints")).create();
    try (DiscovererRun run = k8s.run(k8s.config("endpoints"))) {
      awaitGroup(
          run,
          new TargetGroup(
              "endpoints/default/testendpoints",
              endpointsTargets(),
              endpointsLabels("default", "testendpoints")));

      // A service of the same name adds its labels to the group.
      k8s.client.resource(service("default", "testendpoints", "ClusterIP")).create();
      Labels withService =
          new LabelSet()
              .and(endpointsLabels("default", "testendpoints"))
              .and(serviceLabels("default", "testendpoints"))
              .build();
      awaitGroup(
          run, new TargetGroup("endpoints/default/testendpoints", endpointsTargets(), withService));

      // An address pointing at a pod gets the pod's labels, and the pod's other container ports
      // become targets of their own.
      Pod pod = k8s.client.resource(multiPortPod("default", "testpod", "4.3.2.1")).create();
      k8s.client
          .endpoints()
          .inNamespace("default")
          .withName("testendpoints")
          .edit(
              e -> {
                e.getSubsets()
                    .add(
                        new EndpointSubsetBuilder()
                            .addNewAddress()
                            .withIp("4.3.2.1")
                            .withNewTargetRef()
                            .withKind("Pod")
                            .withNamespace("default")
                            .withName("testpod")
                            .endTargetRef()
                            .endAddress()
                            .addNewPort()
                            .withName("testport")
                            .withPort(9000)
                            .withProtocol("TCP")
                            .endPort()
                            .build());
                return e;
              });
      Labels podLabels = podOnlyLabels(pod, "4.3.2.1");
      List<Labels> targets = new ArrayList<>(endpointsTargets());
      targets.add(
          new LabelSet()
              .and("__address__", "4.3.2.1:9000")
              .and("__meta_kubernetes_endpoint_address_target_kind", "Pod")
              .and("__meta_kubernetes_endpoint_address_target_name", "testpod")
              .and("__meta_kubernetes_endpoint_port_name", "testport")
              .and("__meta_kubernetes_endpoint_port_protocol", "TCP")
              .and("__meta_kubernetes_endpoint_ready", "true")
              .and("__meta_kubernetes_pod_container_name", "testcontainer0")
              .and("__meta_kubernetes_pod_container_image", "testcontainer0:latest")
              .and("__meta_kubernetes_pod_container_port_name", "testport0")
              .and("__meta_kubernetes_pod_container_port_number", "9000")
              .and("__meta_kubernetes_pod_container_port_protocol", "TCP")
              .and("__meta_kubernetes_pod_container_init", "false")
              .and(podLabels)
              .build());
      targets.add(
          new LabelSet()
              .and("__address__", "4.3.2.1:9001")
              .and("__meta_kubernetes_pod_container_name", "testcontainer0")
              .and("__meta_kubernetes_pod_container_image", "testcontainer0:latest")
              .and("__meta_kubernetes_pod_container_port_name", "testport1")
              .and("__meta_kubernetes_pod_container_port_number", "9001")
              .and("__meta_kubernetes_pod_container_port_protocol", "UDP")
              .and("__meta_kubernetes_pod_container_init", "false")
              .and(podLabels)
              .build());
      awaitGroup(run, new TargetGroup("endpoints/default/testendpoints", targets, withService));

      // A pod phase change is picked up without an endpoints event.
      k8s.client
          .pods()
          .inNamespace("default")
          .withName("testpod")
          .edit(
              p -> {
                p.getStatus().setPhase("Failed");
                return p;
              });
      List<Labels> failed = new ArrayList<>();
      for (Labels t : targets) {
        failed.add(
            t.get("__meta_kubernetes_pod_phase") == null
                ? t
                : new LabelSet().and(t).and("__meta_kubernetes_pod_phase", "Failed").build());
      }
      awaitGroup(run, new TargetGroup("endpoints/default/testendpoints", failed, withService));

      k8s.client.endpoints().inNamespace("default").withName("testendpoints").delete();
      awaitGroup(run, TargetGroup.empty("endpoints/default/testendpoints"));
    }
  }

  /** The labels {@code multiPortPod} contributes to endpoints and endpointslice targets. */
  static Labels podOnlyLabels(Pod pod, String ip) {
    return new LabelSet()
        .and(multiPortPodLabels(pod, ip))
        .without("__meta_kubernetes_namespace")
        .build();
  }

  // ---- endpointslice ------------------------------------------------------------------------

  static EndpointSlice endpointSlice(String ns, String name, String service) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .withLabels(Map.of("kubernetes.io/service-name", service))
        .withAnnotations(Map.of("test.annotation", "test"))
        .endMetadata()
        .withAddressType("IPv4")
        .addNewPort()
        .withName("testport")
        .withPort(9000)
        .withProtocol("TCP")
        .withAppProtocol("http")
        .endPort()
        .addNewEndpoint()
        .withAddresses("1.2.3.4")
        .withHostname("testendpoint1")
        .withNodeName("foobar")
        .withZone("us-east-1a")
        .withNewConditions()
        .withReady(true)
        .withServing(true)
        .withTerminating(false)
        .endConditions()
        .endEndpoint()
        .addNewEndpoint()
        .withAddresses("2.3.4.5")
        .withNewConditions()
        .withReady(false)
        .endConditions()
        .endEndpoint()
        .addNewEndpoint()
        .withAddresses("4.3.2.1")
        .withNewTargetRef()
        .withKind("Pod")
        .withNamespace(ns)
        .withName("testpod")
        .endTargetRef()
        .withDeprecatedTopology(Map.of("topology.kubernetes.io/region", "us-east-1"))
        .endEndpoint()
        .build();
  }

  private static LabelSet slicePort(String address) {
    return new LabelSet()
        .and("__address__", address)
        .and("__meta_kubernetes_endpointslice_port", address.substring(address.indexOf(':') + 1))
        .and("__meta_kubernetes_endpointslice_port_name", "testport")
        .and("__meta_kubernetes_endpointslice_port_protocol", "TCP")
        .and("__meta_kubernetes_endpointslice_port_app_protocol", "http");
  }

  @Test
  void endpointSlice_joinsServiceAndPods() throws Exception {
    Pod pod = k8s.client.resource(multiPortPod("default", "testpod", "4.3.2.1")).create();
    k8s.client.resource(endpointSlice("default", "testslice", "testsvc")).create();
    Labels podLabels = podOnlyLabels(pod, "4.3.2.1");
    List<Labels> targets =
        List.of(
            slicePort("1.2.3.4:9000")
                .and("__meta_kubernetes_endpointslice_endpoint_hostname", "testendpoint1")
                .and("__meta_kubernetes_endpointslice_endpoint_node_name", "foobar")
                .and("__meta_kubernetes_endpointslice_endpoint_zone", "us-east-1a")
                .and("__meta_kubernetes_endpointslice_endpoint_conditions_ready", "true")
                .and("__meta_kubernetes_endpointslice_endpoint_conditions_serving", "true")
                .and("__meta_kubernetes_endpointslice_endpoint_conditions_terminating", "false")
                .build(),
            slicePort("2.3.4.5:9000")
                .and("__meta_kubernetes_endpointslice_endpoint_conditions_ready", "false")
                .build(),
            slicePort("4.3.2.1:9000")
                .and("__meta_kubernetes_endpointslice_address_target_kind", "Pod")
                .and("__meta_kubernetes_endpointslice_address_target_name", "testpod")
                .and(TOPOLOGY + "topology_kubernetes_io_region", "us-east-1")
                .and(TOPOLOGY + "present_topology_kubernetes_io_region", "true")
                .and("__meta_kubernetes_pod_container_name", "testcontainer0")
                .and("__meta_kubernetes_pod_container_image", "testcontainer0:latest")
                .and("__meta_kubernetes_pod_container_port_name", "testport0")
                .and("__meta_kubernetes_pod_container_port_number", "9000")
                .and("__meta_kubernetes_pod_container_port_protocol", "TCP")
                .and("__meta_kubernetes_pod_container_init", "false")
                .and(podLabels)
                .build(),
            new LabelSet()
                .and("__address__", "4.3.2.1:9001")
                .and("__meta_kubernetes_pod_container_name", "testcontainer0")
                .and("__meta_kubernetes_pod_container_image", "testcontainer0:latest")
                .and("__meta_kubernetes_pod_container_port_name", "testport1")
                .and("__meta_kubernetes_pod_container_port_number", "9001")
                .and("__meta_kubernetes_pod_container_port_protocol", "UDP")
                .and("__meta_kubernetes_pod_container_init", "false")
                .and(podLabels)
                .build());
    Labels sliceLabels =
        Labels.of(
            "__meta_kubernetes_namespace", "default",
            "__meta_kubernetes_endpointslice_name", "testslice",
            "__meta_kubernetes_endpointslice_address_type", "IPv4",
            "__meta_kubernetes_endpointslice_label_kubernetes_io_service_name", "testsvc",
            "__meta_kubernetes_endpointslice_labelpresent_kubernetes_io_service_name", "true",
            "__meta_kubernetes_endpointslice_annotation_test_annotation", "test",
            "__meta_kubernetes_endpointslice_annotationpresent_test_annotation", "true");
    try (DiscovererRun run = k8s.run(k8s.config("endpointslice"))) {
      awaitGroup(run, new TargetGroup("endpointslice/default/testslice", targets, sliceLabels));

      // The service named by kubernetes.io/service-name appears later and adds its labels.
      k8s.client.resource(service("default", "testsvc", "ClusterIP")).create();
      Labels withService =
          new LabelSet().and(sliceLabels).and(serviceLabels("default", "testsvc")).build();
      awaitGroup(run, new TargetGroup("endpointslice/default/testslice", targets, withService));

      k8s.client
          .discovery()
          .v1()
          .endpointSlices()
          .inNamespace("default")
          .withName("testslice")
          .edit(
              e -> {
                e.getEndpoints().subList(1, 3).clear();
                return e;
              });
      awaitGroup(
          run,
          new TargetGroup("endpointslice/default/testslice", targets.subList(0, 1), withService));

      k8s.client
          .discovery()
          .v1()
          .endpointSlices()
          .inNamespace("default")
          .withName("testslice")
          .delete();
      awaitGroup(run, TargetGroup.empty("endpointslice/default/testslice"));
    }
  }

  // ---- ingress ------------------------------------------------------------------------------

  static Ingress ingress(String ns, String name) {
    return new IngressBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .withLabels(Map.of("test/label", "testvalue"))
        .withAnnotations(Map.of("test/annotation", "testannotationvalue"))
        .endMetadata()
        .withNewSpec()
        .withIngressClassName("testclass")
        .addNewTl()
        .withHosts("example.com", "*.example.com")
        .endTl()
        .addNewRule()
        .withHost("example.com")
        .withNewHttp()
        .addNewPath()
        .withPath("/")
        .withPathType("Prefix")
        .endPath()
        .addNewPath()
        .withPath("/foo")
        .withPathType("Prefix")
        .endPath()
        .endHttp()
        .endRule()
        .addNewRule()
        .withHost("test.example.com")
        .withNewHttp()
        .addNewPath()
        .withPathType("ImplementationSpecific")
        .endPath()
        .endHttp()
        .endRule()
        .addNewRule()
        .withHost("plain.example.org")
        .endRule()
        .endSpec()
        .build();
  }

  private static Labels ingressTarget(String scheme, String host, String path) {
    return Labels.of(
        "__address__", host,
        "__meta_kubernetes_ingress_scheme", scheme,
        "__meta_kubernetes_ingress_host", host,
        "__meta_kubernetes_ingress_path", path);
  }

  @Test
  void ingress_createUpdateDelete() throws Exception {
    k8s.client.resource(ingress("default", "testingress")).create();
    Labels common =
        Labels.of(
            "__meta_kubernetes_namespace", "default",
            "__meta_kubernetes_ingress_name", "testingress",
            "__meta_kubernetes_ingress_class_name", "testclass",
            "__meta_kubernetes_ingress_label_test_label", "testvalue",
            "__meta_kubernetes_ingress_labelpresent_test_label", "true",
            "__meta_kubernetes_ingress_annotation_test_annotation", "testannotationvalue",
            "__meta_kubernetes_ingress_annotationpresent_test_annotation", "true");
    try (DiscovererRun run = k8s.run(k8s.config("ingress"))) {
      awaitGroup(
          run,
          new TargetGroup(
              "ingress/default/testingress",
              List.of(
                  ingressTarget("https", "example.com", "/"),
                  ingressTarget("https", "example.com", "/foo"),
                  ingressTarget("https", "test.example.com", "/"),
                  ingressTarget("http", "plain.example.org", "/")),
              common));

      k8s.client
          .network()
          .v1()
          .ingresses()
          .inNamespace("default")
          .withName("testingress")
          .edit(
              i -> {
                i.getSpec().setTls(List.of());
                i.getSpec().getRules().subList(1, 3).clear();
                return i;
              });
      awaitGroup(
          run,
          new TargetGroup(
              "ingress/default/testingress",
              List.of(
                  ingressTarget("http", "example.com", "/"),
                  ingressTarget("http", "example.com", "/foo")),
              common));

      k8s.client.network().v1().ingresses().inNamespace("default").withName("testingress").delete();
      awaitGroup(run, TargetGroup.empty("ingress/default/testingress"));
    }
  }

  @Test
  void matchesHostPattern_wildcardCoversOneLabel() {
    assertThat(KubernetesTargets.matchesHostPattern("*.example.com", "a.example.com")).isTrue();
    assertThat(KubernetesTargets.matchesHostPattern("*.example.com", "a.b.example.com")).isFalse();
    assertThat(KubernetesTargets.matchesHostPattern("example.com", "example.com")).isTrue();
    assertThat(KubernetesTargets.matchesHostPattern("a.example.com", "b.example.com")).isFalse();
  }

  // ---- namespaces, selectors, attached metadata ---------------------------------------------

  @Test
  void pod_onlyConfiguredNamespacesAreWatched() throws Exception {
    k8s.client.resource(multiPortPod("ns1", "a", "1.1.1.1")).create();
    k8s.client.resource(multiPortPod("ns2", "b", "2.2.2.2")).create();
    k8s.client.resource(multiPortPod("ns3", "c", "3.3.3.3")).create();
    var config = k8s.config("pod", List.of("ns1", "ns3"), List.of(), AttachMetadata.NONE);
    try (DiscovererRun run = k8s.run(config)) {
      List<TargetGroup> first = run.next();
      while (run.state().size() < 2) {
        first = run.next();
      }
      assertThat(run.state().keySet()).containsExactlyInAnyOrder("pod/ns1/a", "pod/ns3/c");
      k8s.client.resource(multiPortPod("ns2", "d", "4.4.4.4")).create();
      k8s.client.resource(multiPortPod("ns1", "e", "5.5.5.5")).create();
      while (!run.state().containsKey("pod/ns1/e")) {
        run.next();
      }
      assertThat(run.state().keySet())
          .containsExactlyInAnyOrder("pod/ns1/a", "pod/ns3/c", "pod/ns1/e");
      assertThat(first).isNotEmpty();
    }
  }

  @Test
  void pod_labelAndFieldSelectorsGoToTheApi() throws Exception {
    for (String name : List.of("web-1", "web-2", "db-1")) {
      Pod p = multiPortPod("default", name, "1.2.3.4");
      p.getMetadata().setLabels(Map.of("app", name.substring(0, name.indexOf('-'))));
      k8s.client.resource(p).create();
    }
    var config =
        k8s.config(
            "pod",
            List.of(),
            List.of(new Selector("pod", "app=web", "metadata.name=web-2")),
            AttachMetadata.NONE);
    try (DiscovererRun run = k8s.run(config)) {
      while (run.state().isEmpty()) {
        run.next();
      }
      Pod later = multiPortPod("default", "web-3", "1.2.3.4");
      later.getMetadata().setLabels(Map.of("app", "web"));
      k8s.client.resource(later).create();
      Pod db = multiPortPod("default", "db-2", "1.2.3.4");
      db.getMetadata().setLabels(Map.of("app", "db"));
      k8s.client.resource(db).create();
      k8s.client
          .pods()
          .inNamespace("default")
          .withName("web-2")
          .edit(
              p -> {
                p.getStatus().setPodIP("9.9.9.9");
                return p;
              });
      while (!run.state()
          .get("pod/default/web-2")
          .commonLabels()
          .get("__meta_kubernetes_pod_ip")
          .equals("9.9.9.9")) {
        run.next();
      }
      assertThat(run.state().keySet()).containsExactly("pod/default/web-2");
    }
    List<String> paths = new ArrayList<>();
    for (int i = k8s.server.getRequestCount(); i > 0; i--) {
      paths.add(k8s.server.takeRequest(1, TimeUnit.SECONDS).getPath());
    }
    assertThat(paths)
        .anyMatch(
            p ->
                p.startsWith("/api/v1/pods?")
                    && p.contains("labelSelector=app%3Dweb")
                    && p.contains("fieldSelector=metadata.name%3Dweb-2")
                    && p.contains("watch=true"));
  }

  @Test
  void pod_attachesNodeAndNamespaceMetadata() throws Exception {
    k8s.client.resource(node("testnode", "10.0.0.1", Map.of("zone", "a"))).create();
    k8s.client
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("default")
                .withLabels(Map.of("team", "infra"))
                .endMetadata()
                .build())
        .create();
    Pod pod = k8s.client.resource(multiPortPod("default", "testpod", "1.2.3.4")).create();
    var config =
        k8s.config(
            "pod", List.of(), List.of(), new AttachMetadata(true, true, false, false, false));
    try (DiscovererRun run = k8s.run(config)) {
      Labels base = multiPortPodLabels(pod, "1.2.3.4");
      Labels withMeta =
          new LabelSet()
              .and(base)
              .and("__meta_kubernetes_node_name", "testnode")
              .and("__meta_kubernetes_node_label_zone", "a")
              .and("__meta_kubernetes_node_labelpresent_zone", "true")
              .and("__meta_kubernetes_node_annotation_test_annotation", "testannotationvalue")
              .and("__meta_kubernetes_node_annotationpresent_test_annotation", "true")
              .and("__meta_kubernetes_namespace_label_team", "infra")
              .and("__meta_kubernetes_namespace_labelpresent_team", "true")
              .build();
      awaitGroup(
          run, new TargetGroup("pod/default/testpod", multiPortPodTargets("1.2.3.4"), withMeta));

      // A node change re-labels the pods on it.
      k8s.client
          .nodes()
          .withName("testnode")
          .edit(
              n -> {
                n.getMetadata().getLabels().put("zone", "b");
                return n;
              });
      Labels zoneB =
          new LabelSet().and(withMeta).and("__meta_kubernetes_node_label_zone", "b").build();
      awaitGroup(
          run, new TargetGroup("pod/default/testpod", multiPortPodTargets("1.2.3.4"), zoneB));

      // Without its node the pod has no targets, as upstream.
      k8s.client.nodes().withName("testnode").delete();
      awaitGroup(run, TargetGroup.empty("pod/default/testpod"));
    }
  }

  @Test
  void pod_attachesDeploymentJobAndCronJobNames() throws Exception {
    k8s.client
        .resource(
            new ReplicaSetBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("web-5d4f")
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName("web")
                .withUid("d1")
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .build())
        .create();
    k8s.client
        .resource(
            new JobBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("backup-29000")
                .addNewOwnerReference()
                .withApiVersion("batch/v1")
                .withKind("CronJob")
                .withName("backup")
                .withUid("c1")
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .build())
        .create();
    Pod web = multiPortPod("default", "web-5d4f-abc", "1.2.3.4");
    web.getMetadata().getOwnerReferences().get(0).setKind("ReplicaSet");
    web.getMetadata().getOwnerReferences().get(0).setName("web-5d4f");
    web = k8s.client.resource(web).create();
    Pod backup = multiPortPod("default", "backup-29000-xyz", "1.2.3.5");
    backup.getMetadata().getOwnerReferences().get(0).setKind("Job");
    backup.getMetadata().getOwnerReferences().get(0).setName("backup-29000");
    backup = k8s.client.resource(backup).create();
    var config =
        k8s.config("pod", List.of(), List.of(), new AttachMetadata(false, false, true, true, true));
    try (DiscovererRun run = k8s.run(config)) {
      awaitGroup(
          run,
          new TargetGroup(
              "pod/default/web-5d4f-abc",
              multiPortPodTargets("1.2.3.4"),
              new LabelSet()
                  .and(multiPortPodLabels(web, "1.2.3.4"))
                  .and("__meta_kubernetes_pod_controller_kind", "ReplicaSet")
                  .and("__meta_kubernetes_pod_controller_name", "web-5d4f")
                  .and("__meta_kubernetes_pod_deployment_name", "web")
                  .build()));
      awaitGroup(
          run,
          new TargetGroup(
              "pod/default/backup-29000-xyz",
              multiPortPodTargets("1.2.3.5"),
              new LabelSet()
                  .and(multiPortPodLabels(backup, "1.2.3.5"))
                  .and("__meta_kubernetes_pod_controller_kind", "Job")
                  .and("__meta_kubernetes_pod_controller_name", "backup-29000")
                  .and("__meta_kubernetes_pod_job_name", "backup-29000")
                  .and("__meta_kubernetes_pod_cronjob_name", "backup")
                  .build()));
    }
  }
}
