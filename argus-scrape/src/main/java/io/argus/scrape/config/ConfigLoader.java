package io.argus.scrape.config;

import io.argus.model.labels.Labels;
import io.argus.model.relabel.NameValidationScheme;
import io.argus.model.relabel.RelabelAction;
import io.argus.model.relabel.RelabelConfig;
import io.argus.model.relabel.RelabelRegex;
import io.argus.scrape.config.AlertingConfig.AlertmanagerConfig;
import io.argus.scrape.config.Decoder.Obj;
import io.argus.scrape.config.HttpClientConfig.Authorization;
import io.argus.scrape.config.HttpClientConfig.BasicAuth;
import io.argus.scrape.config.HttpClientConfig.OAuth2;
import io.argus.scrape.config.HttpClientConfig.TlsConfig;
import io.argus.scrape.config.RemoteWriteConfig.MetadataConfig;
import io.argus.scrape.config.RemoteWriteConfig.QueueConfig;
import io.argus.scrape.config.ServiceDiscoveryConfigs.AttachMetadata;
import io.argus.scrape.config.ServiceDiscoveryConfigs.DnsSdConfig;
import io.argus.scrape.config.ServiceDiscoveryConfigs.FileSdConfig;
import io.argus.scrape.config.ServiceDiscoveryConfigs.HttpSdConfig;
import io.argus.scrape.config.ServiceDiscoveryConfigs.KubernetesSdConfig;
import io.argus.scrape.config.ServiceDiscoveryConfigs.Selector;
import io.argus.scrape.config.ServiceDiscoveryConfigs.StaticConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Loads {@code prometheus.yml} strictly, as upstream: unknown fields, repeated fields and values of
 * the wrong type are errors naming the file, line and field; defaults are filled in; relative paths
 * are resolved against the config file's directory. Stateless and thread-safe.
 */
public final class ConfigLoader {
  private static final Set<String> UNSUPPORTED_SD =
      Set.of(
          "azure_sd_configs",
          "consul_sd_configs",
          "digitalocean_sd_configs",
          "docker_sd_configs",
          "dockerswarm_sd_configs",
          "ec2_sd_configs",
          "eureka_sd_configs",
          "gce_sd_configs",
          "hetzner_sd_configs",
          "ionos_sd_configs",
          "kuma_sd_configs",
          "lightsail_sd_configs",
          "linode_sd_configs",
          "marathon_sd_configs",
          "nerve_sd_configs",
          "nomad_sd_configs",
          "openstack_sd_configs",
          "ovhcloud_sd_configs",
          "puppetdb_sd_configs",
          "scaleway_sd_configs",
          "serverset_sd_configs",
          "triton_sd_configs",
          "uyuni_sd_configs",
          "vultr_sd_configs",
          "stackit_sd_configs");
  private static final Set<String> SCRAPE_PROTOCOLS =
      Set.of(
          "PrometheusProto",
          "OpenMetricsText0.0.1",
          "OpenMetricsText1.0.0",
          "PrometheusText0.0.4",
          "PrometheusText1.0.0");
  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "host",
          "authorization",
          "content-encoding",
          "content-length",
          "content-type",
          "user-agent",
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "www-authenticate",
          "accept-encoding",
          "x-prometheus-remote-write-version",
          "x-prometheus-remote-read-version");

  /** Reserved for {@code http_headers} on top of {@link #RESERVED_HEADERS}. */
  private static final Set<String> RESERVED_CLIENT_HEADERS =
      Set.of(
          "x-prometheus-scrape-timeout-seconds",
          "x-amz-date",
          "x-amz-security-token",
          "x-amz-content-sha256");

  private static final Set<String> DNS_TYPES = Set.of("SRV", "A", "AAAA", "MX", "NS");
  private static final Set<String> TLS_VERSIONS = Set.of("TLS10", "TLS11", "TLS12", "TLS13");
  private static final Set<String> K8S_ROLES =
      Set.of("endpoints", "endpointslice", "service", "pod", "node", "ingress");
  private static final Map<String, List<String>> K8S_ALLOWED_SELECTORS =
      Map.of(
          "pod", List.of("pod", "node"),
          "service", List.of("service"),
          "endpointslice", List.of("pod", "service", "endpointslice"),
          "endpoints", List.of("pod", "service", "endpoints"),
          "node", List.of("node"),
          "ingress", List.of("ingress"));
  private static final Pattern FILE_SD_PATH =
      Pattern.compile("^[^*]*(\\*[^/]*)?\\.(json|yml|yaml|JSON|YML|YAML)$");
  private static final Pattern RULE_PATH = Pattern.compile("^[^*]*(\\*[^/]*)?$");

  private final UnaryOperator<@Nullable String> environment;

  private ConfigLoader(UnaryOperator<@Nullable String> environment) {
    this.environment = environment;
  }

  /** Loads a config file, expanding external labels from the process environment. */
  public static Config load(Path file) {
    return load(file, System::getenv);
  }

  /**
   * Loads a config file.
   *
   * @param environment looks up variables for {@code ${VAR}} in external labels; null = unset
   * @throws ConfigException when the file cannot be read or is invalid
   */
  public static Config load(Path file, UnaryOperator<@Nullable String> environment) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw cannotOpen(file, e);
    }
    Path dir = file.getParent() == null ? Path.of("") : file.getParent();
    return new ConfigLoader(environment).parse(text, file.toString(), dir, file);
  }

  /** Parses config text; relative paths resolve against {@code baseDir}. */
  public static Config loadString(String yaml, Path baseDir) {
    return loadString(yaml, baseDir, System::getenv);
  }

  /** As {@link #loadString(String, Path)} with an injected environment. */
  public static Config loadString(
      String yaml, Path baseDir, UnaryOperator<@Nullable String> environment) {
    return new ConfigLoader(environment).parse(yaml, "<string>", baseDir, null);
  }

  private Config parse(String text, String fileName, Path baseDir, @Nullable Path file) {
    Decoder d = new Decoder(fileName);
    YamlNode root = YamlNode.parse(text, fileName);
    Obj top = d.obj(root, "config.plain", "");
    GlobalConfig global = top.nested("global", "config.plain", g -> global(d, g, baseDir));
    List<String> ruleFiles = ruleFiles(d, top, baseDir);
    List<String> scrapeConfigFiles =
        top.list(
            "scrape_config_files",
            "[]string",
            (n, i) -> resolve(baseDir, d.scalarText(n, "string", "scrape_config_files")));
    AlertingConfig alerting =
        top.nested("alerting", "config.AlertingConfig", a -> alerting(d, a, baseDir));
    List<ScrapeConfig> scrapes = new ArrayList<>();
    top.list(
        "scrape_configs",
        "[]*config.ScrapeConfig",
        (n, i) -> {
          if (Decoder.isNull(n)) {
            throw d.fail(n.line(), "scrape_configs", "empty or null scrape config section");
          }
          return scrapes.add(
              scrape(d, d.obj(n, "config.ScrapeConfig", "scrape_configs"), global, baseDir));
        });
    List<RemoteWriteConfig> remoteWrite =
        top.list(
            "remote_write",
            "[]*config.RemoteWriteConfig",
            (n, i) -> remoteWrite(d, d.obj(n, "config.plain", "remote_write"), baseDir));
    List<RemoteReadConfig> remoteRead =
        top.list(
            "remote_read",
            "[]*config.RemoteReadConfig",
            (n, i) -> remoteRead(d, d.obj(n, "config.plain", "remote_read"), baseDir));
    StorageConfig storage = top.nested("storage", "config.StorageConfig", s -> storage(d, s));
    for (String opaque : List.of("tracing", "otlp", "runtime")) {
      if (top.has(opaque)) {
        d.warnings.add(opaque + " section is not supported by Argus yet and is ignored");
      }
    }
    top.end();
    d.throwCollected();
    for (String pattern : scrapeConfigFiles) {
      for (Path f : Globs.expand(pattern)) {
        scrapes.addAll(scrapeConfigFile(f, global));
      }
    }
    checkUnique(
        d,
        top,
        "scrape_configs",
        scrapes.stream().map(ScrapeConfig::jobName).toList(),
        "found multiple scrape configs with job name %s");
    checkUnique(
        d,
        top,
        "remote_write",
        remoteWrite.stream().map(RemoteWriteConfig::name).filter(s -> !s.isEmpty()).toList(),
        "found multiple remote write configs with job name %s");
    checkUnique(
        d,
        top,
        "remote_read",
        remoteRead.stream().map(RemoteReadConfig::name).filter(s -> !s.isEmpty()).toList(),
        "found multiple remote read configs with job name %s");
    return new Config(
        file,
        global,
        ruleFiles,
        scrapeConfigFiles,
        alerting,
        List.copyOf(scrapes),
        List.copyOf(remoteWrite),
        List.copyOf(remoteRead),
        storage,
        List.copyOf(d.warnings));
  }

  private List<ScrapeConfig> scrapeConfigFile(Path f, GlobalConfig global) {
    String text;
    try {
      text = Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw cannotOpen(f, e);
    }
    Decoder d = new Decoder(f.toString());
    Obj top = d.obj(YamlNode.parse(text, f.toString()), "config.ScrapeConfigs", "");
    Path dir = f.getParent() == null ? Path.of("") : f.getParent();
    List<ScrapeConfig> out = new ArrayList<>();
    top.list(
        "scrape_configs",
        "[]*config.ScrapeConfig",
        (n, i) ->
            out.add(scrape(d, d.obj(n, "config.ScrapeConfig", "scrape_configs"), global, dir)));
    top.end();
    d.throwCollected();
    return out;
  }

  private static void checkUnique(
      Decoder d, Obj top, String field, List<String> names, String format) {
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      if (!seen.add(n)) {
        throw top.invalid(field, format.formatted(quote(n)));
      }
    }
  }

  private static List<String> ruleFiles(Decoder d, Obj top, Path baseDir) {
    return top.list(
        "rule_files",
        "[]string",
        (n, i) -> {
          String p = d.scalarText(n, "string", "rule_files");
          if (!RULE_PATH.matcher(p).matches()) {
            throw d.fail(n.line(), "rule_files", "invalid rule file path " + quote(p));
          }
          String err = Globs.syntaxError(p);
          if (err != null) {
            throw d.fail(n.line(), "rule_files", err + " " + quote(p));
          }
          return resolve(baseDir, p);
        });
  }

  // ---- global -------------------------------------------------------------------------------

  private GlobalConfig global(Decoder d, Obj g, Path baseDir) {
    long interval = g.duration("scrape_interval", 0);
    long timeout = g.duration("scrape_timeout", 0);
    long evaluation = g.duration("evaluation_interval", 0);
    long ruleQueryOffset = g.duration("rule_query_offset", 0);
    NameValidationScheme scheme = nameScheme(g, NameValidationScheme.UTF8);
    g.str("metric_name_escaping_scheme", "");
    Map<String, String> raw = g.stringMap("external_labels", "labels.Labels");
    Map<String, String> expanded = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : raw.entrySet()) {
      if (!scheme.isValidLabelName(e.getKey())) {
        throw g.invalid("external_labels", quote(e.getKey()) + " is not a valid label name");
      }
      String v = expandEnv(e.getValue());
      if (!v.isEmpty()) {
        expanded.put(e.getKey(), v);
      }
    }
    String queryLog = g.str("query_log_file", "");
    g.str("scrape_failure_log_file", "");
    ScrapeLimits limits = limits(g, ScrapeLimits.NONE);
    List<String> protocols = protocols(g, GlobalConfig.DEFAULT_SCRAPE_PROTOCOLS);
    g.end();
    if (interval == 0) {
      interval = GlobalConfig.DEFAULT_SCRAPE_INTERVAL_MS;
    }
    if (timeout > interval) {
      throw g.invalid("scrape_timeout", "global scrape timeout greater than scrape interval");
    }
    if (timeout == 0) {
      timeout = Math.min(GlobalConfig.DEFAULT_SCRAPE_TIMEOUT_MS, interval);
    }
    if (evaluation == 0) {
      evaluation = GlobalConfig.DEFAULT_EVALUATION_INTERVAL_MS;
    }
    return new GlobalConfig(
        interval,
        timeout,
        evaluation,
        Labels.of(expanded),
        queryLog.isEmpty() ? "" : resolve(baseDir, queryLog),
        limits,
        protocols,
        scheme,
        ruleQueryOffset);
  }

  private static NameValidationScheme nameScheme(Obj o, NameValidationScheme def) {
    String s = o.str("metric_name_validation_scheme", "");
    return switch (s) {
      case "" -> def;
      case "utf8" -> NameValidationScheme.UTF8;
      case "legacy" -> NameValidationScheme.LEGACY;
      default ->
          throw o.fail(
              "metric_name_validation_scheme",
              "unknown global name validation method specified, must be either '', 'legacy' or"
                  + " 'utf8', got "
                  + s);
    };
  }

  /** Expands {@code $VAR} and {@code ${VAR}} like Go's os.Expand; {@code $$} is a dollar. */
  String expandEnv(String s) {
    if (s.indexOf('$') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != '$' || i + 1 >= s.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = s.charAt(i + 1);
      String name;
      int end;
      if (next == '{') {
        int close = s.indexOf('}', i + 2);
        if (close < 0 || close == i + 2) {
          i += close < 0 ? s.length() - i : 3;
          continue;
        }
        name = s.substring(i + 2, close);
        end = close + 1;
      } else if ("*#$@!?-0123456789".indexOf(next) >= 0) {
        name = String.valueOf(next);
        end = i + 2;
      } else {
        end = i + 1;
        while (end < s.length()
            && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')
            && s.charAt(end) < 128) {
          end++;
        }
        if (end == i + 1) {
          out.append('$');
          i++;
          continue;
        }
        name = s.substring(i + 1, end);
      }
      if (name.equals("$")) {
        out.append('$');
      } else {
        String v = environment.apply(name);
        out.append(v == null ? "" : v);
      }
      i = end;
    }
    return out.toString();
  }

  private static ScrapeLimits limits(Obj o, ScrapeLimits defaults) {
    long sample = o.integer("sample_limit", 0, "uint");
    long label = o.integer("label_limit", 0, "uint");
    long nameLen = o.integer("label_name_length_limit", 0, "uint");
    long valueLen = o.integer("label_value_length_limit", 0, "uint");
    long body = o.size("body_size_limit", 0);
    long target = o.integer("target_limit", 0, "uint");
    long keepDropped = o.integer("keep_dropped_targets", 0, "uint");
    return new ScrapeLimits(
        sample == 0 ? defaults.sampleLimit() : sample,
        label == 0 ? defaults.labelLimit() : label,
        nameLen == 0 ? defaults.labelNameLengthLimit() : nameLen,
        valueLen == 0 ? defaults.labelValueLengthLimit() : valueLen,
        body == 0 ? defaults.bodySizeLimit() : body,
        target == 0 ? defaults.targetLimit() : target,
        keepDropped == 0 ? defaults.keepDroppedTargets() : keepDropped);
  }

  private static List<String> protocols(Obj o, List<String> defaults) {
    if (!o.has("scrape_protocols")) {
      return defaults;
    }
    List<String> list = o.strings("scrape_protocols");
    Set<String> seen = new HashSet<>();
    for (String p : list) {
      if (!SCRAPE_PROTOCOLS.contains(p)) {
        throw o.invalid(
            "scrape_protocols",
            "unknown scrape protocol "
                + p
                + ", supported: "
                + SCRAPE_PROTOCOLS.stream().sorted().toList());
      }
      if (!seen.add(p)) {
        throw o.invalid("scrape_protocols", "duplicated protocol in scrape_protocols, got " + list);
      }
    }
    return List.copyOf(list);
  }

  // ---- scrape configs -----------------------------------------------------------------------

  private static ScrapeConfig scrape(Decoder d, Obj s, GlobalConfig global, Path baseDir) {
    String job = s.str("job_name", "");
    boolean honorLabels = s.bool("honor_labels", false);
    boolean honorTimestamps = s.bool("honor_timestamps", true);
    boolean trackStaleness = s.bool("track_timestamps_staleness", false);
    long interval = s.duration("scrape_interval", 0);
    long timeout = s.duration("scrape_timeout", 0);
    List<String> protocols = protocols(s, global.scrapeProtocols());
    String fallbackProtocol = s.str("fallback_scrape_protocol", "");
    if (!fallbackProtocol.isEmpty() && !SCRAPE_PROTOCOLS.contains(fallbackProtocol)) {
      throw s.invalid(
          "fallback_scrape_protocol",
          "invalid fallback_scrape_protocol for scrape config with job name "
              + quote(job)
              + ": unknown scrape protocol "
              + fallbackProtocol
              + ", supported: "
              + SCRAPE_PROTOCOLS.stream().sorted().toList());
    }
    s.bool("scrape_classic_histograms", false);
    s.bool("always_scrape_classic_histograms", false);
    s.bool("convert_classic_histograms_to_nhcb", false);
    s.bool("enable_compression", true);
    s.integer("native_histogram_bucket_limit", 0, "uint");
    s.str("native_histogram_min_bucket_factor", "");
    String metricsPath = s.str("metrics_path", "/metrics");
    String scheme = s.str("scheme", "http");
    Map<String, List<String>> params = params(d, s);
    ScrapeLimits limits = limits(s, global.limits());
    NameValidationScheme names = nameScheme(s, global.nameValidationScheme());
    s.str("metric_name_escaping_scheme", "");
    HttpClientConfig http = http(d, s, baseDir);
    List<RelabelConfig> relabel =
        relabels(
            d,
            s,
            "relabel_configs",
            names,
            "empty or null target relabeling rule in scrape" + " config");
    List<RelabelConfig> metricRelabel =
        relabels(
            d,
            s,
            "metric_relabel_configs",
            names,
            "empty or null metric relabeling rule in scrape config");
    ServiceDiscoveryConfigs sd = discovery(d, s, baseDir, names, "scrape config " + job);
    s.end();
    if (job.isEmpty()) {
      throw s.invalid("job_name", "job_name is empty");
    }
    if (interval == 0) {
      interval = global.scrapeIntervalMillis();
    }
    if (timeout > interval) {
      throw s.invalid(
          "scrape_timeout",
          "scrape timeout greater than scrape interval for scrape config with job name "
              + quote(job));
    }
    if (timeout == 0) {
      timeout = Math.min(global.scrapeTimeoutMillis(), interval);
    }
    return new ScrapeConfig(
        job,
        honorLabels,
        honorTimestamps,
        trackStaleness,
        interval,
        timeout,
        metricsPath,
        scheme,
        params,
        http,
        limits,
        protocols,
        fallbackProtocol,
        names,
        relabel,
        metricRelabel,
        sd);
  }

  private static Map<String, List<String>> params(Decoder d, Obj s) {
    YamlNode n = s.raw("params");
    if (Decoder.isNull(n)) {
      return Map.of();
    }
    Obj p = d.obj(n, "url.Values", "params");
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String k : List.copyOf(p.keys())) {
      YamlNode v = p.raw(k);
      if (v instanceof YamlNode.SeqNode seq) {
        out.put(k, seq.items().stream().map(i -> d.scalarText(i, "string", "params")).toList());
      } else if (!Decoder.isNull(v)) {
        d.typeError(v, "[]string", "params");
      }
    }
    return out;
  }

  private static List<RelabelConfig> relabels(
      Decoder d, Obj o, String field, NameValidationScheme names, String nullMessage) {
    return o.list(
        field,
        "[]*relabel.Config",
        (n, i) -> {
          if (Decoder.isNull(n)) {
            throw d.fail(n.line(), field, nullMessage);
          }
          return relabel(d, d.obj(n, "relabel.plain", field), field, names);
        });
  }

  private static @Nullable RelabelConfig relabel(
      Decoder d, Obj r, String field, NameValidationScheme names) {
    List<String> sources = r.strings("source_labels");
    for (String name : sources) {
      if (!names.isValidLabelName(name)) {
        throw r.invalid("source_labels", quote(name) + " is not a valid label name");
      }
    }
    String separator = r.str("separator", RelabelConfig.DEFAULT_SEPARATOR);
    RelabelRegex regex = RelabelRegex.DEFAULT;
    if (r.has("regex")) {
      try {
        regex = RelabelRegex.of(r.str("regex", ""));
      } catch (IllegalArgumentException e) {
        throw r.fail("regex", e.getMessage());
      }
    } else if (r.raw("regex") != null) {
      regex = RelabelRegex.of("");
    }
    long modulus = r.integer("modulus", 0, "uint64");
    String target = r.str("target_label", "");
    String replacement = r.str("replacement", RelabelConfig.DEFAULT_REPLACEMENT);
    RelabelAction action = RelabelAction.REPLACE;
    String actionText = r.strOrNull("action");
    if (actionText != null) {
      try {
        action = RelabelAction.parse(actionText);
      } catch (IllegalArgumentException e) {
        throw r.fail("action", e.getMessage());
      }
    }
    r.end();
    RelabelConfig c =
        new RelabelConfig(sources, separator, regex, modulus, target, replacement, action);
    try {
      c.validate(names);
    } catch (IllegalArgumentException e) {
      throw r.invalidAt(r.line(), field, e.getMessage());
    }
    return c;
  }

  // ---- HTTP client --------------------------------------------------------------------------

  private static HttpClientConfig http(Decoder d, Obj o, Path baseDir) {
    return http(d, o, baseDir, true);
  }

  /**
   * Decodes the inline HTTP client options; {@code http2Default} is {@code enable_http2}'s default
   * (false for remote write, true elsewhere).
   */
  private static HttpClientConfig http(Decoder d, Obj o, Path baseDir, boolean http2Default) {
    BasicAuth basic = null;
    if (o.has("basic_auth")) {
      Obj b = d.obj(o.raw("basic_auth"), "config.plain", "basic_auth");
      basic =
          new BasicAuth(
              b.str("username", ""),
              resolveOpt(baseDir, b.str("username_file", "")),
              new Secret(b.str("password", "")),
              resolveOpt(baseDir, b.str("password_file", "")));
      b.end();
    }
    Authorization authz = null;
    if (o.has("authorization")) {
      Obj a = d.obj(o.raw("authorization"), "config.Authorization", "authorization");
      authz =
          new Authorization(
              a.str("type", "").strip(),
              new Secret(a.str("credentials", "")),
              resolveOpt(baseDir, a.str("credentials_file", "")));
      a.end();
    }
    OAuth2 oauth = null;
    if (o.has("oauth2")) {
      Obj a = d.obj(o.raw("oauth2"), "config.OAuth2", "oauth2");
      oauth =
          new OAuth2(
              a.str("client_id", ""),
              new Secret(a.str("client_secret", "")),
              resolveOpt(baseDir, a.str("client_secret_file", "")),
              a.strings("scopes"),
              a.str("token_url", ""),
              a.stringMap("endpoint_params", "map[string]string"),
              tls(d, a, baseDir),
              a.str("proxy_url", ""));
      a.end();
    }
    String bearer = o.str("bearer_token", "");
    String bearerFile = o.str("bearer_token_file", "");
    TlsConfig tls = tls(d, o, baseDir);
    String proxy = o.str("proxy_url", "");
    String noProxy = o.str("no_proxy", "");
    boolean proxyFromEnv = o.bool("proxy_from_environment", false);
    Map<String, List<Secret>> connectHeader = proxyConnectHeader(d, o);
    Map<String, HttpClientConfig.Header> headers = httpHeaders(d, o, baseDir);
    boolean follow = o.bool("follow_redirects", true);
    boolean http2 = o.bool("enable_http2", http2Default);

    if (!bearer.isEmpty() && !bearerFile.isEmpty()) {
      throw o.invalid(
          "bearer_token", "at most one of bearer_token & bearer_token_file must be configured");
    }
    boolean hasBearer = !bearer.isEmpty() || !bearerFile.isEmpty();
    if ((basic != null || oauth != null) && hasBearer) {
      throw o.invalid(
          "bearer_token",
          "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
    }
    if (basic != null && !basic.username().isEmpty() && !basic.usernameFile().isEmpty()) {
      throw o.invalid(
          "basic_auth", "at most one of basic_auth username & username_file must be configured");
    }
    if (basic != null && !basic.password().isEmpty() && !basic.passwordFile().isEmpty()) {
      throw o.invalid(
          "basic_auth", "at most one of basic_auth password & password_file must be configured");
    }
    if (authz != null) {
      if (hasBearer) {
        throw o.invalid(
            "authorization",
            "authorization is not compatible with bearer_token & bearer_token_file");
      }
      if (!authz.credentials().isEmpty() && !authz.credentialsFile().isEmpty()) {
        throw o.invalid(
            "authorization",
            "at most one of authorization credentials & credentials_file must be configured");
      }
      if (authz.type().isEmpty()) {
        authz = new Authorization("Bearer", authz.credentials(), authz.credentialsFile());
      }
      if (authz.type().toLowerCase(Locale.ROOT).equals("basic")) {
        throw o.invalid(
            "authorization",
            "authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
      }
      if (basic != null || oauth != null) {
        throw o.invalid(
            "authorization",
            "at most one of basic_auth, oauth2 & authorization must be configured");
      }
    } else if (hasBearer) {
      authz = new Authorization("Bearer", new Secret(bearer), resolveOpt(baseDir, bearerFile));
    }
    if (oauth != null) {
      if (basic != null) {
        throw o.invalid(
            "oauth2", "at most one of basic_auth, oauth2 & authorization must be" + " configured");
      }
      if (oauth.clientId().isEmpty()) {
        throw o.invalid("oauth2", "oauth2 client_id must be configured");
      }
      if (oauth.clientSecret().isEmpty() && oauth.clientSecretFile().isEmpty()) {
        throw o.invalid(
            "oauth2", "either oauth2 client_secret or client_secret_file must be configured");
      }
      if (oauth.tokenUrl().isEmpty()) {
        throw o.invalid("oauth2", "oauth2 token_url must be configured");
      }
      if (!oauth.proxyUrl().isEmpty()) {
        checkUrl(o, "oauth2", oauth.proxyUrl());
      }
      if (!oauth.clientSecret().isEmpty() && !oauth.clientSecretFile().isEmpty()) {
        throw o.invalid(
            "oauth2",
            "at most one of oauth2 client_secret & client_secret_file must be configured");
      }
    }
    if (!proxy.isEmpty()) {
      checkUrl(o, "proxy_url", proxy);
    }
    if (!connectHeader.isEmpty() && !proxyFromEnv && proxy.isEmpty()) {
      throw o.invalid(
          "proxy_connect_header",
          "if proxy_connect_header is configured, proxy_url or proxy_from_environment must also"
              + " be configured");
    }
    if (proxyFromEnv && !proxy.isEmpty()) {
      throw o.invalid(
          "proxy_from_environment",
          "if proxy_from_environment is configured, proxy_url must not be configured");
    }
    if (proxyFromEnv && !noProxy.isEmpty()) {
      throw o.invalid(
          "proxy_from_environment",
          "if proxy_from_environment is configured, no_proxy must not be configured");
    }
    if (proxy.isEmpty() && !noProxy.isEmpty()) {
      throw o.invalid("no_proxy", "if no_proxy is configured, proxy_url must also be configured");
    }
    return new HttpClientConfig(
        basic,
        authz,
        oauth,
        tls,
        proxy,
        noProxy,
        proxyFromEnv,
        connectHeader,
        headers,
        follow,
        http2);
  }

  private static Map<String, List<Secret>> proxyConnectHeader(Decoder d, Obj o) {
    YamlNode n = o.raw("proxy_connect_header");
    if (Decoder.isNull(n)) {
      return Map.of();
    }
    if (!(n instanceof YamlNode.MapNode m)) {
      d.typeError(n, "config.ProxyHeader", "proxy_connect_header");
      return Map.of();
    }
    Map<String, List<Secret>> out = new LinkedHashMap<>();
    for (YamlNode.Entry e : m.entries().values()) {
      String field = "proxy_connect_header." + e.key();
      List<Secret> values = new ArrayList<>();
      if (e.value() instanceof YamlNode.SeqNode seq) {
        for (YamlNode item : seq.items()) {
          values.add(new Secret(d.scalarText(item, "config.Secret", field)));
        }
      } else if (!Decoder.isNull(e.value())) {
        d.typeError(e.value(), "[]config.Secret", field);
      }
      out.put(e.key(), List.copyOf(values));
    }
    return out;
  }

  private static Map<String, HttpClientConfig.Header> httpHeaders(Decoder d, Obj o, Path baseDir) {
    YamlNode n = o.raw("http_headers");
    if (Decoder.isNull(n)) {
      return Map.of();
    }
    if (!(n instanceof YamlNode.MapNode m)) {
      d.typeError(n, "config.Headers", "http_headers");
      return Map.of();
    }
    Map<String, HttpClientConfig.Header> out = new LinkedHashMap<>();
    for (YamlNode.Entry e : m.entries().values()) {
      Obj h = d.obj(e.value(), "config.Header", "http_headers." + e.key());
      List<String> values = h.strings("values");
      List<Secret> secrets = new ArrayList<>();
      for (String s : h.strings("secrets")) {
        secrets.add(new Secret(s));
      }
      List<String> files = new ArrayList<>();
      for (String f : h.strings("files")) {
        files.add(resolve(baseDir, f));
      }
      h.end();
      for (String f : files) {
        try {
          Files.readAllBytes(Path.of(f));
        } catch (IOException ex) {
          String reason =
              ex instanceof java.nio.file.NoSuchFileException
                  ? "no such file or directory"
                  : String.valueOf(ex.getMessage());
          throw o.invalid(
              "http_headers",
              "unable to read header "
                  + quote(canonicalHeader(e.key()))
                  + " from file "
                  + f
                  + ": open "
                  + f
                  + ": "
                  + reason);
        }
      }
      String lower = e.key().toLowerCase(Locale.ROOT);
      if (RESERVED_HEADERS.contains(lower) || RESERVED_CLIENT_HEADERS.contains(lower)) {
        throw o.invalid(
            "http_headers",
            "setting header " + quote(canonicalHeader(e.key())) + " is not allowed");
      }
      out.put(e.key(), new HttpClientConfig.Header(values, secrets, files));
    }
    return out;
  }

  /** Go's canonical MIME header key: {@code x-my-header} becomes {@code X-My-Header}. */
  static String canonicalHeader(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    boolean upper = true;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
      upper = c == '-';
    }
    return sb.toString();
  }

  private static void checkUrl(Obj o, String field, String url) {
    try {
      URI u = new URI(url);
      if (u.getScheme() == null) {
        throw o.invalid(field, "parse " + quote(url) + ": missing protocol scheme");
      }
    } catch (URISyntaxException e) {
      if (url.startsWith(":")) {
        throw o.invalid(field, "parse " + quote(url) + ": missing protocol scheme");
      }
      throw o.invalid(field, "parse " + quote(url) + ": " + e.getReason());
    }
  }

  private static TlsConfig tls(Decoder d, Obj o, Path baseDir) {
    if (!o.has("tls_config")) {
      return TlsConfig.DEFAULT;
    }
    Obj t = d.obj(o.raw("tls_config"), "config.plain", "tls_config");
    TlsConfig c =
        new TlsConfig(
            t.str("ca", ""),
            resolveOpt(baseDir, t.str("ca_file", "")),
            t.str("cert", ""),
            resolveOpt(baseDir, t.str("cert_file", "")),
            new Secret(t.str("key", "")),
            resolveOpt(baseDir, t.str("key_file", "")),
            t.str("server_name", ""),
            t.bool("insecure_skip_verify", false),
            t.str("min_version", ""),
            t.str("max_version", ""));
    t.end();
    if (!c.minVersion().isEmpty() && !TLS_VERSIONS.contains(c.minVersion())) {
      throw t.invalid("min_version", "unknown TLS version: " + c.minVersion());
    }
    if (!c.maxVersion().isEmpty() && !TLS_VERSIONS.contains(c.maxVersion())) {
      throw t.invalid("max_version", "unknown TLS version: " + c.maxVersion());
    }
    if (!c.minVersion().isEmpty()
        && !c.maxVersion().isEmpty()
        && c.maxVersion().compareTo(c.minVersion()) < 0) {
      throw t.invalid(
          "max_version",
          "tls_config.max_version must be greater than or equal to tls_config.min_version if"
              + " both are specified");
    }
    if (!c.ca().isEmpty() && !c.caFile().isEmpty()) {
      throw t.invalid("ca", "at most one of ca and ca_file must be configured");
    }
    if (!c.cert().isEmpty() && !c.certFile().isEmpty()) {
      throw t.invalid("cert", "at most one of cert and cert_file must be configured");
    }
    if (!c.key().isEmpty() && !c.keyFile().isEmpty()) {
      throw t.invalid("key", "at most one of key and key_file must be configured");
    }
    boolean hasCert = !c.cert().isEmpty() || !c.certFile().isEmpty();
    boolean hasKey = !c.key().isEmpty() || !c.keyFile().isEmpty();
    if (hasCert && !hasKey) {
      throw t.invalid(
          "cert_file",
          "exactly one of key or key_file must be configured when a client certificate is"
              + " configured");
    }
    if (hasKey && !hasCert) {
      throw t.invalid(
          "key_file",
          "exactly one of cert or cert_file must be configured when a client key is configured");
    }
    return c;
  }

  // ---- service discovery --------------------------------------------------------------------

  private static ServiceDiscoveryConfigs discovery(
      Decoder d, Obj o, Path baseDir, NameValidationScheme names, String owner) {
    List<StaticConfig> statics =
        o.list("static_configs", "[]*targetgroup.Group", (n, i) -> staticConfig(d, n, names));
    List<FileSdConfig> files =
        o.list(
            "file_sd_configs",
            "[]*file.SDConfig",
            (n, i) -> fileSd(d, d.obj(n, "file.plain", "file_sd_configs"), baseDir));
    List<HttpSdConfig> https =
        o.list(
            "http_sd_configs",
            "[]*http.SDConfig",
            (n, i) -> httpSd(d, d.obj(n, "http.plain", "http_sd_configs"), baseDir));
    List<DnsSdConfig> dns =
        o.list(
            "dns_sd_configs",
            "[]*dns.SDConfig",
            (n, i) -> dnsSd(d.obj(n, "dns.plain", "dns_sd_configs")));
    List<KubernetesSdConfig> k8s =
        o.list(
            "kubernetes_sd_configs",
            "[]*kubernetes.SDConfig",
            (n, i) ->
                kubernetesSd(d, d.obj(n, "kubernetes.plain", "kubernetes_sd_configs"), baseDir));
    List<String> unsupported = new ArrayList<>();
    for (String key : List.copyOf(o.keys())) {
      if (UNSUPPORTED_SD.contains(key)) {
        o.list(key, "[]*discovery.Config", (n, i) -> n);
        unsupported.add(key);
        d.warnings.add(owner + ": " + key + " not supported by Argus yet, ignored");
      }
    }
    return new ServiceDiscoveryConfigs(statics, files, https, dns, k8s, unsupported);
  }

  private static StaticConfig staticConfig(Decoder d, YamlNode n, NameValidationScheme names) {
    Obj s =
        d.obj(
            n,
            "struct { Targets []string \"yaml:\\\"targets\\\"\"; Labels model.LabelSet"
                + " \"yaml:\\\"labels\\\"\" }",
            "static_configs");
    List<String> targets = s.strings("targets");
    Map<String, String> labels = s.stringMap("labels", "model.LabelSet");
    s.end();
    for (String t : targets) {
      if (t.contains("/")) {
        throw s.invalid("targets", quote(t) + " is not a valid hostname");
      }
    }
    for (String name : labels.keySet()) {
      if (!names.isValidLabelName(name)) {
        throw s.invalid("labels", quote(name) + " is not a valid label name");
      }
    }
    return new StaticConfig(targets, Labels.of(labels));
  }

  private static FileSdConfig fileSd(Decoder d, Obj f, Path baseDir) {
    List<String> files = f.strings("files");
    long refresh = f.duration("refresh_interval", FileSdConfig.DEFAULT_REFRESH_MS);
    f.end();
    if (files.isEmpty()) {
      throw f.invalid("files", "file service discovery config must contain at least one path name");
    }
    List<String> resolved = new ArrayList<>();
    for (String p : files) {
      if (!FILE_SD_PATH.matcher(p).matches()) {
        throw f.invalid("files", "path name " + quote(p) + " is not valid for file discovery");
      }
      resolved.add(resolve(baseDir, p));
    }
    return new FileSdConfig(resolved, refresh);
  }

  private static HttpSdConfig httpSd(Decoder d, Obj h, Path baseDir) {
    String url = h.str("url", "");
    long refresh = h.duration("refresh_interval", HttpSdConfig.DEFAULT_REFRESH_MS);
    HttpClientConfig http = http(d, h, baseDir);
    h.end();
    if (url.isEmpty()) {
      throw h.invalid("url", "URL is missing");
    }
    String scheme = URI.create(url.replace(" ", "%20")).getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw h.invalid("url", "URL scheme must be 'http' or 'https'");
    }
    return new HttpSdConfig(url, refresh, http);
  }

  private static DnsSdConfig dnsSd(Obj o) {
    List<String> names = o.strings("names");
    long refresh = o.duration("refresh_interval", DnsSdConfig.DEFAULT_REFRESH_MS);
    String type = o.str("type", "SRV");
    long port = o.integer("port", 0, "int");
    o.end();
    if (names.isEmpty()) {
      throw o.invalid("names", "DNS-SD config must contain at least one SRV record name");
    }
    String upper = type.toUpperCase(Locale.ROOT);
    if (!DNS_TYPES.contains(upper)) {
      throw o.invalid("type", "invalid DNS-SD records type " + type);
    }
    if (!upper.equals("SRV") && port == 0) {
      throw o.invalid(
          "port", "a port is required in DNS-SD configs for all record types except SRV");
    }
    return new DnsSdConfig(names, upper, (int) port, refresh);
  }

  private static KubernetesSdConfig kubernetesSd(Decoder d, Obj k, Path baseDir) {
    String role = k.str("role", "");
    String apiServer = k.str("api_server", "");
    String kubeconfig = resolveOpt(baseDir, k.str("kubeconfig_file", ""));
    List<String> namespaces = List.of();
    boolean own = false;
    if (k.has("namespaces")) {
      Obj ns = d.obj(k.raw("namespaces"), "kubernetes.NamespaceDiscovery", "namespaces");
      namespaces = ns.strings("names");
      own = ns.bool("own_namespace", false);
      ns.end();
    }
    List<Selector> selectors =
        k.list(
            "selectors",
            "[]kubernetes.SelectorConfig",
            (n, i) -> {
              Obj s = d.obj(n, "kubernetes.SelectorConfig", "selectors");
              Selector sel =
                  new Selector(s.str("role", ""), s.str("label", ""), s.str("field", ""));
              s.end();
              if (!K8S_ROLES.contains(sel.role())) {
                throw s.invalid("role", "unknown Kubernetes SD role " + quote(sel.role()));
              }
              return sel;
            });
    AttachMetadata attach = AttachMetadata.NONE;
    if (k.has("attach_metadata")) {
      Obj a = d.obj(k.raw("attach_metadata"), "kubernetes.AttachMetadataConfig", "attach_metadata");
      attach =
          new AttachMetadata(
              a.bool("node", false),
              a.bool("namespace", false),
              a.bool("deployment", false),
              a.bool("job", false),
              a.bool("cronjob", false));
      a.end();
    }
    HttpClientConfig http = http(d, k, baseDir);
    k.end();
    if (role.isEmpty()) {
      throw k.invalid(
          "role", "role missing (one of: pod, service, endpoints, endpointslice, node, ingress)");
    }
    if (!K8S_ROLES.contains(role)) {
      throw k.invalid("role", "unknown Kubernetes SD role " + quote(role));
    }
    boolean customHttp = !http.equals(HttpClientConfig.DEFAULT);
    if (!apiServer.isEmpty() && !kubeconfig.isEmpty()) {
      throw k.invalid(
          "kubeconfig_file", "cannot use 'kubeconfig_file' and 'api_server' simultaneously");
    }
    if (!kubeconfig.isEmpty() && customHttp) {
      throw k.invalid(
          "kubeconfig_file",
          "cannot use a custom HTTP client configuration together with 'kubeconfig_file'");
    }
    if (apiServer.isEmpty() && customHttp) {
      throw k.invalid(
          "api_server",
          "to use custom HTTP client configuration please provide the 'api_server' URL"
              + " explicitly");
    }
    if (!apiServer.isEmpty() && own) {
      throw k.invalid(
          "namespaces", "cannot use 'api_server' and 'namespaces.own_namespace' simultaneously");
    }
    if (!kubeconfig.isEmpty() && own) {
      throw k.invalid(
          "namespaces",
          "cannot use 'kubeconfig_file' and 'namespaces.own_namespace' simultaneously");
    }
    Set<String> seen = new HashSet<>();
    List<String> allowed = K8S_ALLOWED_SELECTORS.get(role);
    for (Selector s : selectors) {
      if (!seen.add(s.role())) {
        throw k.invalid("selectors", "duplicated selector role: " + s.role());
      }
      if (!allowed.contains(s.role())) {
        throw k.invalid(
            "selectors", role + " role supports only " + String.join(", ", allowed) + " selectors");
      }
      try {
        KubernetesSelectors.parseFieldSelector(s.field());
        KubernetesSelectors.validateLabelSelector(s.label());
      } catch (IllegalArgumentException e) {
        throw k.invalid("selectors", e.getMessage());
      }
    }
    return new KubernetesSdConfig(
        role, apiServer, kubeconfig, namespaces, own, selectors, attach, http);
  }

  // ---- alerting, remote storage, storage ----------------------------------------------------

  private static AlertingConfig alerting(Decoder d, Obj a, Path baseDir) {
    List<RelabelConfig> relabel =
        relabels(
            d,
            a,
            "alert_relabel_configs",
            NameValidationScheme.UTF8,
            "empty or null alert relabeling rule");
    List<AlertmanagerConfig> ams =
        a.list(
            "alertmanagers",
            "[]*config.AlertmanagerConfig",
            (n, i) ->
                alertmanager(d, d.obj(n, "config.AlertmanagerConfig", "alertmanagers"), baseDir));
    a.end();
    return new AlertingConfig(relabel, ams);
  }

  private static AlertmanagerConfig alertmanager(Decoder d, Obj a, Path baseDir) {
    String scheme = a.str("scheme", "http");
    String prefix = a.str("path_prefix", "/");
    long timeout = a.duration("timeout", 10_000);
    String api = a.str("api_version", "v2");
    HttpClientConfig http = http(d, a, baseDir);
    a.raw("sigv4");
    List<RelabelConfig> relabel =
        relabels(
            d,
            a,
            "relabel_configs",
            NameValidationScheme.UTF8,
            "empty or null Alertmanager target relabeling rule");
    relabels(
        d,
        a,
        "alert_relabel_configs",
        NameValidationScheme.UTF8,
        "empty or null Alertmanager alert relabeling rule");
    ServiceDiscoveryConfigs sd =
        discovery(d, a, baseDir, NameValidationScheme.UTF8, "alertmanager config");
    a.end();
    if (!api.equals("v2")) {
      throw a.invalid(
          "api_version", "expected Alertmanager api version to be one of [v2] but got " + api);
    }
    return new AlertmanagerConfig(scheme, prefix, timeout, api, http, relabel, sd);
  }

  private static RemoteWriteConfig remoteWrite(Decoder d, Obj r, Path baseDir) {
    String url = r.str("url", "");
    long timeout = r.duration("remote_timeout", RemoteWriteConfig.DEFAULT_REMOTE_TIMEOUT_MS);
    Map<String, String> headers = r.stringMap("headers", "map[string]string");
    List<RelabelConfig> relabel =
        relabels(
            d,
            r,
            "write_relabel_configs",
            NameValidationScheme.UTF8,
            "empty or null relabeling rule in remote write config");
    String name = r.str("name", "");
    boolean exemplars = r.bool("send_exemplars", false);
    boolean nativeHistograms = r.bool("send_native_histograms", false);
    boolean roundRobinDns = r.bool("round_robin_dns", false);
    String protobufMessage = r.str("protobuf_message", RemoteWriteConfig.PROTO_V1);
    r.bool("failed_request_logging", false);
    QueueConfig queue = r.nested("queue_config", "config.QueueConfig", ConfigLoader::queue);
    MetadataConfig metadata = MetadataConfig.DEFAULT;
    if (r.has("metadata_config")) {
      Obj m = d.obj(r.raw("metadata_config"), "config.MetadataConfig", "metadata_config");
      MetadataConfig def = MetadataConfig.DEFAULT;
      metadata =
          new MetadataConfig(
              m.bool("send", def.send()),
              m.duration("send_interval", def.sendIntervalMillis()),
              (int) m.integer("max_samples_per_send", def.maxSamplesPerSend(), "int"));
      m.end();
    }
    List<String> extraAuth = new ArrayList<>();
    for (String unsupported : List.of("sigv4", "azuread", "google_iam")) {
      if (r.has(unsupported)) {
        extraAuth.add(unsupported);
        d.warnings.add("remote_write " + unsupported + " is not supported by Argus yet");
      }
    }
    HttpClientConfig http = http(d, r, baseDir, false);
    r.end();
    if (url.isEmpty()) {
      throw r.invalid("url", "url for remote_write is empty");
    }
    checkHeaders(r, headers);
    if (!protobufMessage.equals(RemoteWriteConfig.PROTO_V1)
        && !protobufMessage.equals(RemoteWriteConfig.PROTO_V2)) {
      throw r.invalid(
          "protobuf_message",
          "invalid protobuf_message value: unknown remote write protobuf message "
              + protobufMessage
              + ", supported: "
              + RemoteWriteConfig.PROTO_V1
              + ", "
              + RemoteWriteConfig.PROTO_V2);
    }
    checkQueue(r, queue);
    List<String> auth = new ArrayList<>();
    if (http.basicAuth() != null) {
      auth.add("basic_auth");
    }
    if (http.authorization() != null) {
      auth.add("authorization");
    }
    if (http.oauth2() != null) {
      auth.add("oauth2");
    }
    auth.addAll(extraAuth);
    if (auth.size() > 1) {
      throw r.invalid(
          auth.get(auth.size() - 1),
          "at most one of basic_auth, authorization, oauth2, sigv4, azuread or google_iam must"
              + " be configured. Currently configured: ["
              + String.join(" ", auth)
              + "]");
    }
    return new RemoteWriteConfig(
        url,
        name,
        timeout,
        headers,
        relabel,
        exemplars,
        nativeHistograms,
        roundRobinDns,
        protobufMessage,
        queue,
        metadata,
        http);
  }

  private static void checkHeaders(Obj r, Map<String, String> headers) {
    for (String h : headers.keySet()) {
      String lower = h.toLowerCase(Locale.ROOT);
      if (lower.equals("authorization")) {
        throw r.invalid(
            "headers",
            "authorization header must be changed via the basic_auth, authorization, oauth2,"
                + " sigv4, azuread or google_iam parameter");
      }
      if (RESERVED_HEADERS.contains(lower)) {
        throw r.invalid("headers", h + " is a reserved header. It must not be changed");
      }
    }
  }

  private static QueueConfig queue(Obj q) {
    QueueConfig def = QueueConfig.DEFAULT;
    QueueConfig c =
        new QueueConfig(
            (int) q.integer("capacity", def.capacity(), "int"),
            (int) q.integer("max_shards", def.maxShards(), "int"),
            (int) q.integer("min_shards", def.minShards(), "int"),
            (int) q.integer("max_samples_per_send", def.maxSamplesPerSend(), "int"),
            q.duration("batch_send_deadline", def.batchSendDeadlineMillis()),
            q.duration("min_backoff", def.minBackoffMillis()),
            q.duration("max_backoff", def.maxBackoffMillis()),
            q.bool("retry_on_http_429", def.retryOnHttp429()),
            q.duration("sample_age_limit", def.sampleAgeLimitMillis()),
            q.has("argus_newest_first")
                ? q.nested(
                    "argus_newest_first", "config.ArgusNewestFirst", ConfigLoader::newestFirst)
                : RemoteWriteConfig.NewestFirst.OFF);
    q.end();
    return c;
  }

  private static RemoteWriteConfig.NewestFirst newestFirst(Obj n) {
    RemoteWriteConfig.NewestFirst def = RemoteWriteConfig.NewestFirst.OFF;
    RemoteWriteConfig.NewestFirst c =
        new RemoteWriteConfig.NewestFirst(
            n.duration("backlog", def.backlogMillis()),
            (int) n.integer("shards", def.shards(), "int"),
            n.integer("max_samples_per_second", def.maxSamplesPerSecond(), "int64"));
    n.end();
    if (c.backlogMillis() <= 0) {
      throw n.fail("backlog", "argus_newest_first backlog must be positive");
    }
    if (c.shards() <= 0) {
      throw n.fail("shards", "argus_newest_first shards must be positive");
    }
    if (c.maxSamplesPerSecond() < 0) {
      throw n.fail("max_samples_per_second", "argus_newest_first rate must not be negative");
    }
    return c;
  }

  /** Prometheus' {@code QueueConfig.Validate}, run after the whole entry has been decoded. */
  private static void checkQueue(Obj r, QueueConfig q) {
    String problem = null;
    if (q.maxShards() <= 0) {
      problem = "remote write queue max_shards must be positive";
    } else if (q.minShards() <= 0) {
      problem = "remote write queue min_shards must be positive";
    } else if (q.minShards() > q.maxShards()) {
      problem = "remote write queue min_shards must not be greater than max_shards";
    } else if (q.maxSamplesPerSend() <= 0) {
      problem = "remote write queue max_samples_per_send must be positive";
    } else if (q.capacity() <= 0) {
      problem = "remote write queue capacity must be positive";
    } else if (q.maxBackoffMillis() < q.minBackoffMillis()) {
      problem = "remote write queue max_backoff must not be less than min_backoff";
    }
    if (problem != null) {
      throw r.invalid("queue_config", problem);
    }
  }

  private static RemoteReadConfig remoteRead(Decoder d, Obj r, Path baseDir) {
    String url = r.str("url", "");
    long timeout = r.duration("remote_timeout", RemoteReadConfig.DEFAULT_REMOTE_TIMEOUT_MS);
    Map<String, String> headers = r.stringMap("headers", "map[string]string");
    String name = r.str("name", "");
    Map<String, String> matchers = r.stringMap("required_matchers", "model.LabelSet");
    boolean recent = r.bool("read_recent", false);
    boolean filterExternal = r.bool("filter_external_labels", true);
    HttpClientConfig http = http(d, r, baseDir);
    r.end();
    if (url.isEmpty()) {
      throw r.invalid("url", "url for remote_read is empty");
    }
    checkUrl(r, "url", url);
    for (String label : matchers.keySet()) {
      if (!NameValidationScheme.UTF8.isValidLabelName(label)) {
        throw r.invalid("required_matchers", quote(label) + " is not a valid label name");
      }
    }
    checkHeaders(r, headers);
    return new RemoteReadConfig(
        url, name, timeout, headers, matchers, recent, filterExternal, http);
  }

  private static StorageConfig storage(Decoder d, Obj s) {
    long ooo = 0;
    if (s.has("tsdb")) {
      Obj t = d.obj(s.raw("tsdb"), "config.plain", "tsdb");
      ooo = t.duration("out_of_order_time_window", 0);
      t.end();
    }
    long exemplars = StorageConfig.DEFAULT.maxExemplars();
    if (s.has("exemplars")) {
      Obj e = d.obj(s.raw("exemplars"), "config.ExemplarsConfig", "exemplars");
      exemplars = e.integer("max_exemplars", exemplars, "int64");
      e.end();
    }
    s.end();
    return new StorageConfig(ooo, exemplars);
  }

  private static ConfigException cannotOpen(Path file, IOException e) {
    String reason =
        e instanceof java.nio.file.NoSuchFileException
            ? "no such file or directory"
            : String.valueOf(e.getMessage());
    return new ConfigException("open " + file + ": " + reason, true);
  }

  // ---- helpers ------------------------------------------------------------------------------

  static String resolve(Path baseDir, String p) {
    if (p.isEmpty() || Path.of(p).isAbsolute()) {
      return p;
    }
    return baseDir.resolve(p).normalize().toString();
  }

  private static String resolveOpt(Path baseDir, String p) {
    return p.isEmpty() ? "" : resolve(baseDir, p);
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
