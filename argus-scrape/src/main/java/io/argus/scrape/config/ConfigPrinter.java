package io.argus.scrape.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.argus.model.relabel.RelabelConfig;
import io.argus.scrape.config.AlertingConfig.AlertmanagerConfig;
import io.argus.scrape.config.HttpClientConfig.TlsConfig;
import io.argus.scrape.config.ServiceDiscoveryConfigs.DnsSdConfig;
import io.argus.scrape.config.ServiceDiscoveryConfigs.FileSdConfig;
import io.argus.scrape.config.ServiceDiscoveryConfigs.HttpSdConfig;
import io.argus.scrape.config.ServiceDiscoveryConfigs.KubernetesSdConfig;
import io.argus.scrape.config.ServiceDiscoveryConfigs.StaticConfig;
import io.argus.util.ByteSizes;
import io.argus.util.PrometheusDurations;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Serialises a {@link Config} back to YAML the way upstream shows it on {@code
 * /api/v1/status/config}: defaults filled in, durations in Prometheus syntax, secrets as {@code
 * <secret>}. Stateless and thread-safe.
 */
public final class ConfigPrinter {
  private static final YAMLMapper MAPPER =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());
  private static final String SECRET = "<secret>";

  private ConfigPrinter() {}

  /** The configuration as YAML. */
  public static String toYaml(Config c) {
    Map<String, Object> top = new LinkedHashMap<>();
    Map<String, Object> g = new LinkedHashMap<>();
    GlobalConfig gc = c.global();
    g.put("scrape_interval", dur(gc.scrapeIntervalMillis()));
    g.put("scrape_timeout", dur(gc.scrapeTimeoutMillis()));
    g.put("scrape_protocols", gc.scrapeProtocols());
    g.put("evaluation_interval", dur(gc.evaluationIntervalMillis()));
    if (!gc.externalLabels().isEmpty()) {
      Map<String, Object> ext = new LinkedHashMap<>();
      gc.externalLabels().forEach(ext::put);
      g.put("external_labels", ext);
    }
    putIf(g, "query_log_file", gc.queryLogFile());
    limits(g, gc.limits());
    top.put("global", g);
    if (!c.alerting().alertmanagers().isEmpty() || !c.alerting().alertRelabelConfigs().isEmpty()) {
      Map<String, Object> a = new LinkedHashMap<>();
      putList(a, "alert_relabel_configs", relabels(c.alerting().alertRelabelConfigs()));
      List<Object> ams = new ArrayList<>();
      for (AlertmanagerConfig am : c.alerting().alertmanagers()) {
        Map<String, Object> m = new LinkedHashMap<>();
        http(m, am.http());
        m.put("scheme", am.scheme());
        m.put("path_prefix", am.pathPrefix());
        m.put("timeout", dur(am.timeoutMillis()));
        m.put("api_version", am.apiVersion());
        putList(m, "relabel_configs", relabels(am.relabelConfigs()));
        discovery(m, am.serviceDiscovery());
        ams.add(m);
      }
      a.put("alertmanagers", ams);
      top.put("alerting", a);
    }
    putList(top, "rule_files", new ArrayList<>(c.ruleFiles()));
    putList(top, "scrape_config_files", new ArrayList<>(c.scrapeConfigFiles()));
    List<Object> scrapes = new ArrayList<>();
    for (ScrapeConfig s : c.scrapeConfigs()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("job_name", s.jobName());
      m.put("honor_labels", s.honorLabels());
      m.put("honor_timestamps", s.honorTimestamps());
      m.put("track_timestamps_staleness", s.trackTimestampsStaleness());
      if (!s.params().isEmpty()) {
        m.put("params", s.params());
      }
      m.put("scrape_interval", dur(s.scrapeIntervalMillis()));
      m.put("scrape_timeout", dur(s.scrapeTimeoutMillis()));
      m.put("scrape_protocols", s.scrapeProtocols());
      if (!s.fallbackScrapeProtocol().isEmpty()) {
        m.put("fallback_scrape_protocol", s.fallbackScrapeProtocol());
      }
      m.put("metrics_path", s.metricsPath());
      m.put("scheme", s.scheme());
      limits(m, s.limits());
      m.put("metric_name_validation_scheme", s.nameValidationScheme().name().toLowerCase());
      http(m, s.http());
      putList(m, "relabel_configs", relabels(s.relabelConfigs()));
      putList(m, "metric_relabel_configs", relabels(s.metricRelabelConfigs()));
      discovery(m, s.serviceDiscovery());
      scrapes.add(m);
    }
    putList(top, "scrape_configs", scrapes);
    List<Object> rw = new ArrayList<>();
    for (RemoteWriteConfig r : c.remoteWrite()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("url", r.url());
      m.put("remote_timeout", dur(r.remoteTimeoutMillis()));
      if (!r.headers().isEmpty()) {
        m.put("headers", r.headers());
      }
      putList(m, "write_relabel_configs", relabels(r.writeRelabelConfigs()));
      putIf(m, "name", r.name());
      m.put("send_exemplars", r.sendExemplars());
      m.put("send_native_histograms", r.sendNativeHistograms());
      if (r.roundRobinDns()) {
        m.put("round_robin_dns", true);
      }
      m.put("protobuf_message", r.protobufMessage());
      Map<String, Object> q = new LinkedHashMap<>();
      RemoteWriteConfig.QueueConfig qc = r.queueConfig();
      q.put("capacity", qc.capacity());
      q.put("max_shards", qc.maxShards());
      q.put("min_shards", qc.minShards());
      q.put("max_samples_per_send", qc.maxSamplesPerSend());
      q.put("batch_send_deadline", dur(qc.batchSendDeadlineMillis()));
      q.put("min_backoff", dur(qc.minBackoffMillis()));
      q.put("max_backoff", dur(qc.maxBackoffMillis()));
      q.put("retry_on_http_429", qc.retryOnHttp429());
      if (qc.sampleAgeLimitMillis() > 0) {
        q.put("sample_age_limit", dur(qc.sampleAgeLimitMillis()));
      }
      if (qc.newestFirst().enabled()) {
        Map<String, Object> nf = new LinkedHashMap<>();
        nf.put("backlog", dur(qc.newestFirst().backlogMillis()));
        nf.put("shards", qc.newestFirst().shards());
        nf.put("max_samples_per_second", qc.newestFirst().maxSamplesPerSecond());
        q.put("argus_newest_first", nf);
      }
      m.put("queue_config", q);
      Map<String, Object> md = new LinkedHashMap<>();
      md.put("send", r.metadataConfig().send());
      md.put("send_interval", dur(r.metadataConfig().sendIntervalMillis()));
      md.put("max_samples_per_send", r.metadataConfig().maxSamplesPerSend());
      m.put("metadata_config", md);
      http(m, r.http());
      rw.add(m);
    }
    putList(top, "remote_write", rw);
    List<Object> rr = new ArrayList<>();
    for (RemoteReadConfig r : c.remoteRead()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("url", r.url());
      m.put("remote_timeout", dur(r.remoteTimeoutMillis()));
      if (!r.headers().isEmpty()) {
        m.put("headers", r.headers());
      }
      if (!r.requiredMatchers().isEmpty()) {
        m.put("required_matchers", r.requiredMatchers());
      }
      putIf(m, "name", r.name());
      m.put("read_recent", r.readRecent());
      m.put("filter_external_labels", r.filterExternalLabels());
      http(m, r.http());
      rr.add(m);
    }
    putList(top, "remote_read", rr);
    Map<String, Object> st = new LinkedHashMap<>();
    if (c.storage().outOfOrderTimeWindowMillis() > 0) {
      st.put(
          "tsdb",
          Map.of("out_of_order_time_window", dur(c.storage().outOfOrderTimeWindowMillis())));
    }
    st.put("exemplars", Map.of("max_exemplars", c.storage().maxExemplars()));
    top.put("storage", st);
    try {
      return MAPPER.writeValueAsString(top);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void limits(Map<String, Object> m, ScrapeLimits l) {
    putPositive(
        m, "body_size_limit", l.bodySizeLimit() == 0 ? null : ByteSizes.format(l.bodySizeLimit()));
    putPositive(m, "sample_limit", l.sampleLimit());
    putPositive(m, "label_limit", l.labelLimit());
    putPositive(m, "label_name_length_limit", l.labelNameLengthLimit());
    putPositive(m, "label_value_length_limit", l.labelValueLengthLimit());
    putPositive(m, "target_limit", l.targetLimit());
    putPositive(m, "keep_dropped_targets", l.keepDroppedTargets());
  }

  private static void http(Map<String, Object> m, HttpClientConfig h) {
    if (h.basicAuth() != null) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("username", h.basicAuth().username());
      putIf(b, "username_file", h.basicAuth().usernameFile());
      if (!h.basicAuth().password().isEmpty()) {
        b.put("password", SECRET);
      }
      putIf(b, "password_file", h.basicAuth().passwordFile());
      m.put("basic_auth", b);
    }
    if (h.authorization() != null) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("type", h.authorization().type());
      if (!h.authorization().credentials().isEmpty()) {
        a.put("credentials", SECRET);
      }
      putIf(a, "credentials_file", h.authorization().credentialsFile());
      m.put("authorization", a);
    }
    if (h.oauth2() != null) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("client_id", h.oauth2().clientId());
      if (!h.oauth2().clientSecret().isEmpty()) {
        o.put("client_secret", SECRET);
      }
      putIf(o, "client_secret_file", h.oauth2().clientSecretFile());
      putList(o, "scopes", new ArrayList<>(h.oauth2().scopes()));
      o.put("token_url", h.oauth2().tokenUrl());
      if (!h.oauth2().endpointParams().isEmpty()) {
        o.put("endpoint_params", h.oauth2().endpointParams());
      }
      o.put("tls_config", tls(h.oauth2().tlsConfig()));
      putIf(o, "proxy_url", h.oauth2().proxyUrl());
      m.put("oauth2", o);
    }
    m.put("tls_config", tls(h.tlsConfig()));
    putIf(m, "proxy_url", h.proxyUrl());
    putIf(m, "no_proxy", h.noProxy());
    if (h.proxyFromEnvironment()) {
      m.put("proxy_from_environment", true);
    }
    if (!h.proxyConnectHeader().isEmpty()) {
      Map<String, Object> p = new TreeMap<>();
      h.proxyConnectHeader().forEach((k, v) -> p.put(k, v.stream().map(x -> SECRET).toList()));
      m.put("proxy_connect_header", p);
    }
    m.put("follow_redirects", h.followRedirects());
    m.put("enable_http2", h.enableHttp2());
    if (!h.httpHeaders().isEmpty()) {
      Map<String, Object> hs = new TreeMap<>();
      h.httpHeaders()
          .forEach(
              (k, v) -> {
                Map<String, Object> one = new LinkedHashMap<>();
                putList(one, "values", new ArrayList<>(v.values()));
                List<Object> secrets = new ArrayList<>();
                v.secrets().forEach(x -> secrets.add(SECRET));
                putList(one, "secrets", secrets);
                putList(one, "files", new ArrayList<>(v.files()));
                hs.put(k, one);
              });
      m.put("http_headers", hs);
    }
  }

  private static Map<String, Object> tls(TlsConfig t) {
    Map<String, Object> m = new LinkedHashMap<>();
    putIf(m, "ca", t.ca());
    putIf(m, "ca_file", t.caFile());
    putIf(m, "cert", t.cert());
    putIf(m, "cert_file", t.certFile());
    if (!t.key().isEmpty()) {
      m.put("key", SECRET);
    }
    putIf(m, "key_file", t.keyFile());
    putIf(m, "server_name", t.serverName());
    m.put("insecure_skip_verify", t.insecureSkipVerify());
    putIf(m, "min_version", t.minVersion());
    putIf(m, "max_version", t.maxVersion());
    return m;
  }

  private static void discovery(Map<String, Object> m, ServiceDiscoveryConfigs sd) {
    List<Object> files = new ArrayList<>();
    for (FileSdConfig f : sd.fileSdConfigs()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("files", f.files());
      x.put("refresh_interval", dur(f.refreshIntervalMillis()));
      files.add(x);
    }
    putList(m, "file_sd_configs", files);
    List<Object> https = new ArrayList<>();
    for (HttpSdConfig h : sd.httpSdConfigs()) {
      Map<String, Object> x = new LinkedHashMap<>();
      http(x, h.http());
      x.put("url", h.url());
      x.put("refresh_interval", dur(h.refreshIntervalMillis()));
      https.add(x);
    }
    putList(m, "http_sd_configs", https);
    List<Object> dns = new ArrayList<>();
    for (DnsSdConfig d : sd.dnsSdConfigs()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("names", d.names());
      x.put("refresh_interval", dur(d.refreshIntervalMillis()));
      x.put("type", d.type());
      x.put("port", d.port());
      dns.add(x);
    }
    putList(m, "dns_sd_configs", dns);
    List<Object> k8s = new ArrayList<>();
    for (KubernetesSdConfig k : sd.kubernetesSdConfigs()) {
      Map<String, Object> x = new LinkedHashMap<>();
      putIf(x, "api_server", k.apiServer());
      x.put("role", k.role());
      putIf(x, "kubeconfig_file", k.kubeconfigFile());
      http(x, k.http());
      Map<String, Object> ns = new LinkedHashMap<>();
      ns.put("own_namespace", k.ownNamespace());
      putList(ns, "names", new ArrayList<>(k.namespaces()));
      x.put("namespaces", ns);
      List<Object> selectors = new ArrayList<>();
      for (ServiceDiscoveryConfigs.Selector s : k.selectors()) {
        Map<String, Object> sel = new LinkedHashMap<>();
        sel.put("role", s.role());
        putIf(sel, "label", s.label());
        putIf(sel, "field", s.field());
        selectors.add(sel);
      }
      putList(x, "selectors", selectors);
      ServiceDiscoveryConfigs.AttachMetadata a = k.attachMetadata();
      if (!a.equals(ServiceDiscoveryConfigs.AttachMetadata.NONE)) {
        Map<String, Object> am = new LinkedHashMap<>();
        am.put("node", a.node());
        am.put("namespace", a.namespace());
        am.put("deployment", a.deployment());
        am.put("job", a.job());
        am.put("cronjob", a.cronJob());
        x.put("attach_metadata", am);
      }
      k8s.add(x);
    }
    putList(m, "kubernetes_sd_configs", k8s);
    List<Object> statics = new ArrayList<>();
    for (StaticConfig s : sd.staticConfigs()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("targets", s.targets());
      if (!s.labels().isEmpty()) {
        Map<String, Object> l = new LinkedHashMap<>();
        s.labels().forEach(l::put);
        x.put("labels", l);
      }
      statics.add(x);
    }
    putList(m, "static_configs", statics);
  }

  private static List<Object> relabels(List<RelabelConfig> rules) {
    List<Object> out = new ArrayList<>();
    for (RelabelConfig r : rules) {
      Map<String, Object> m = new LinkedHashMap<>();
      if (!r.sourceLabels().isEmpty()) {
        m.put("source_labels", r.sourceLabels());
      }
      m.put("separator", r.separator());
      m.put("regex", r.regex().source());
      if (r.modulus() != 0) {
        m.put("modulus", Long.toUnsignedString(r.modulus()));
      }
      putIf(m, "target_label", r.targetLabel());
      m.put("replacement", r.replacement());
      m.put("action", r.action().yamlName());
      out.add(m);
    }
    return out;
  }

  private static String dur(long ms) {
    return PrometheusDurations.format(ms);
  }

  private static void putIf(Map<String, Object> m, String key, String value) {
    if (!value.isEmpty()) {
      m.put(key, value);
    }
  }

  private static void putPositive(Map<String, Object> m, String key, Object value) {
    if (value instanceof Long l && l == 0) {
      return;
    }
    if (value != null) {
      m.put(key, value);
    }
  }

  private static void putList(Map<String, Object> m, String key, List<Object> list) {
    if (!list.isEmpty()) {
      m.put(key, list);
    }
  }
}
