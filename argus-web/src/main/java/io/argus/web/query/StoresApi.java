package io.argus.web.query;

import io.argus.model.labels.Labels;
import io.argus.store.StoreInfo;
import io.argus.store.proxy.StoreEndpoint;
import io.argus.web.WebHandler;
import io.argus.web.WebRequest;
import io.argus.web.WebResponse;
import io.argus.web.api.ApiJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/v1/stores} in Thanos' shape: the endpoints grouped by component type, each with
 * {@code name}, {@code lastCheck} (RFC 3339), {@code lastError} (null when healthy), {@code
 * labelSets}, {@code minTime} and {@code maxTime} (Unix ms), plus Argus' {@code healthy} and {@code
 * strict}. Unlike Thanos, endpoints whose first check has not succeeded are listed too, under
 * {@code unknown}. Thread-safe.
 */
public final class StoresApi implements WebHandler {
  /** The path served. */
  public static final String PATH = "/api/v1/stores";

  private final Supplier<List<StoreEndpoint>> endpoints;

  public StoresApi(Supplier<List<StoreEndpoint>> endpoints) {
    this.endpoints = endpoints;
  }

  @Override
  public @Nullable WebResponse handle(WebRequest r) {
    if (!r.path().equals(PATH)) {
      return null;
    }
    if (!r.isGetOrHead()) {
      return WebResponse.text(405, "Method Not Allowed\n").withHeader("Allow", "GET, OPTIONS");
    }
    Map<String, List<StoreEndpoint>> byType = new TreeMap<>();
    for (StoreEndpoint e : endpoints.get()) {
      StoreInfo info = e.info();
      String type = info == null ? "unknown" : info.componentType();
      byType.computeIfAbsent(type, t -> new ArrayList<>()).add(e);
    }
    return ApiJson.success(
        g -> {
          g.writeStartObject();
          for (var entry : byType.entrySet()) {
            g.writeArrayFieldStart(entry.getKey());
            for (StoreEndpoint e : entry.getValue()) {
              StoreInfo info = e.info();
              g.writeStartObject();
              g.writeStringField("name", e.address());
              g.writeFieldName("lastCheck");
              ApiJson.writeNullable(
                  g, e.lastCheck() == 0 ? null : Instant.ofEpochMilli(e.lastCheck()).toString());
              g.writeFieldName("lastError");
              ApiJson.writeNullable(g, e.lastError());
              g.writeArrayFieldStart("labelSets");
              if (info != null) {
                for (Labels l : info.labelSets()) {
                  ApiJson.writeLabels(g, l);
                }
              }
              g.writeEndArray();
              g.writeNumberField("minTime", info == null ? Long.MAX_VALUE : info.minTime());
              g.writeNumberField("maxTime", info == null ? Long.MIN_VALUE : info.maxTime());
              g.writeBooleanField("healthy", e.healthy());
              g.writeBooleanField("strict", e.strict());
              g.writeEndObject();
            }
            g.writeEndArray();
          }
          g.writeEndObject();
        });
  }
}
