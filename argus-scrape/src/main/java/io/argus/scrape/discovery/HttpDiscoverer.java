package io.argus.scrape.discovery;

import io.argus.scrape.httpclient.ClientSetupException;
import io.argus.scrape.httpclient.ConfiguredHttpClient;
import io.argus.scrape.httpclient.StatusText;
import io.argus.util.Cancellation;
import io.argus.util.Clock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches target groups from an HTTP endpoint ({@code http_sd_configs}) every refresh interval.
 *
 * <p>The endpoint must answer 200 with content type {@code application/json} and a JSON list of
 * {@code {targets, labels}}. Group {@code i} gets source {@code url:i} and the common label {@code
 * __meta_url=url}. On any failure the last groups stay in place and the failure counts in {@code
 * prometheus_sd_http_failures_total}; when the list shrinks, the lost sources get empty groups.
 */
public final class HttpDiscoverer implements Discoverer {
  static final String URL_LABEL = "__meta_url";
  private static final Pattern JSON_CONTENT_TYPE =
      Pattern.compile("(?i)application/json(;\\s*charset=(\"utf-8\"|utf-8))?");
  private static final Logger logger = LoggerFactory.getLogger(HttpDiscoverer.class);

  private final HttpSdSettings settings;
  private final Waiter waiter;
  private final DiscoveryMetrics metrics;
  private final Clock clock;
  private int lastGroupCount;
  private List<TargetGroup> lastSent = List.of();

  /** Creates a discoverer for {@code settings}. */
  public HttpDiscoverer(
      HttpSdSettings settings, Waiter waiter, DiscoveryMetrics metrics, Clock clock) {
    this.settings = settings;
    this.waiter = waiter;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Returns a client applying {@code settings}' HTTP options; the caller closes it. */
  ConfiguredHttpClient newClient() {
    return new ConfiguredHttpClient(
        settings.http(),
        null,
        Duration.ofMillis(settings.refreshIntervalMs()),
        System::getenv,
        clock);
  }

  @Override
  public void run(Cancellation c, Consumer<List<TargetGroup>> updates) {
    Wakeup never = new Wakeup();
    try (ConfiguredHttpClient client = newClient()) {
      while (true) {
        c.check();
        try {
          List<TargetGroup> groups = refresh(client);
          if (!groups.equals(lastSent)) {
            lastSent = groups;
            if (!groups.isEmpty()) {
              updates.accept(groups);
            }
          }
        } catch (RefreshException e) {
          metrics.httpFailures.inc();
          metrics.refreshFailures.labelValues("http").inc();
          logger
              .atError()
              .addKeyValue("url", settings.url())
              .addKeyValue("err", e.getMessage())
              .log("unable to refresh target groups");
        }
        waiter.await(never, settings.refreshIntervalMs(), c);
      }
    }
  }

  /** Fetches the groups once, with empty groups for sources lost since the last success. */
  List<TargetGroup> refresh(ConfiguredHttpClient client) throws RefreshException {
    String url = settings.url();
    URI uri = URI.create(url);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .GET()
            .timeout(Duration.ofMillis(settings.refreshIntervalMs()))
            .header("Accept", "application/json")
            .header("User-Agent", "Argus")
            .header(
                "X-Prometheus-Refresh-Interval-Seconds",
                formatSeconds(settings.refreshIntervalMs()));
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, uri, HttpResponse.BodyHandlers.ofByteArray());
    } catch (ClientSetupException e) {
      throw new RefreshException("Get \"" + url + "\": " + e.getMessage());
    } catch (IOException e) {
      String tls = ConfiguredHttpClient.tlsFailure(e);
      String why = tls != null ? tls : Objects.requireNonNullElse(e.getMessage(), e.toString());
      throw new RefreshException("Get \"" + url + "\": " + why);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Cancellation.CancelledException("interrupted");
    }
    if (response.statusCode() != 200) {
      throw new RefreshException("server returned HTTP status " + status(response.statusCode()));
    }
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    if (!JSON_CONTENT_TYPE.matcher(contentType.strip()).matches()) {
      throw new RefreshException("unsupported content type \"" + contentType + "\"");
    }
    String body = new String(response.body(), StandardCharsets.UTF_8);
    List<TargetGroup> groups;
    try {
      groups = new ArrayList<>(TargetGroupParser.parseJson(body, url, URL_LABEL, url));
    } catch (TargetGroupParser.InvalidGroupsException e) {
      throw new RefreshException(e.getMessage());
    }
    int count = groups.size();
    for (int i = count; i < lastGroupCount; i++) {
      groups.add(TargetGroup.empty(url + ":" + i));
    }
    lastGroupCount = count;
    return groups;
  }

  /** Returns the status line Go's HTTP client reports, like {@code "404 Not Found"}. */
  static String status(int code) {
    return StatusText.of(code);
  }

  private static String formatSeconds(long ms) {
    return ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0);
  }

  /** A failed refresh; the message is the reason in upstream's wording. */
  static final class RefreshException extends Exception {
    RefreshException(String message) {
      super(message);
    }
  }
}
