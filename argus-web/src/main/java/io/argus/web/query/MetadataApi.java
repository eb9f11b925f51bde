package io.argus.web.query;

import io.argus.store.StoreException;
import io.argus.store.metadata.MetadataResult;
import io.argus.store.metadata.MetricMeta;
import io.argus.store.metadata.MetricMetadataSource;
import io.argus.store.query.StoreQueryOptions;
import io.argus.web.WebHandler;
import io.argus.web.WebRequest;
import io.argus.web.WebResponse;
import io.argus.web.api.ApiException;
import io.argus.web.api.ApiJson;
import io.argus.web.api.ErrorType;
import io.argus.web.api.TargetsApi;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/v1/metadata} of the querier, as Thanos Query serves it: the metric metadata of
 * every endpoint, merged (each distinct triple once per family), in Prometheus' shape. Parameters
 * as Prometheus' ({@code metric}, {@code limit}, {@code limit_per_metric}) plus {@code
 * partial_response}: an endpoint that fails is a warning naming it, or with {@code
 * partial_response=false} an error naming it. Thread-safe.
 */
public final class MetadataApi implements WebHandler {
  /** The path served. */
  public static final String PATH = "/api/v1/metadata";

  private final MetricMetadataSource source;
  private final StoreQueryOptions defaults;

  /**
   * @param source the metadata of every endpoint (normally a {@link
   *     io.argus.store.metadata.MetadataProxy})
   * @param defaults the querier's defaults, of which {@code partial_response} is used
   */
  public MetadataApi(MetricMetadataSource source, StoreQueryOptions defaults) {
    this.source = source;
    this.defaults = defaults;
  }

  @Override
  public @Nullable WebResponse handle(WebRequest r) {
    if (!r.path().equals(PATH)) {
      return null;
    }
    if (!r.isGetOrHead()) {
      return WebResponse.text(405, "Method Not Allowed\n").withHeader("Allow", "GET, OPTIONS");
    }
    MetadataResult result;
    int limitPerMetric;
    try {
      int limit = TargetsApi.intParam(r.param("limit"), "limit must be a number");
      limitPerMetric =
          TargetsApi.intParam(r.param("limit_per_metric"), "limit_per_metric must be a number");
      boolean partial = QueryParams.options(r, defaults).partialResponse();
      result = source.metricMetadata(r.param("metric"), limit, partial);
    } catch (ApiException e) {
      return ApiJson.error(e.type(), e.getMessage());
    } catch (StoreException e) {
      return ApiJson.error(ErrorType.INTERNAL, String.valueOf(e.getMessage()));
    }
    return ApiJson.success(
        g -> {
          g.writeStartObject();
          for (Map.Entry<String, List<MetricMeta>> e : result.metadata().entrySet()) {
            g.writeArrayFieldStart(e.getKey());
            int n = 0;
            for (MetricMeta m : e.getValue()) {
              if (limitPerMetric > 0 && n++ >= limitPerMetric) {
                break;
              }
              g.writeStartObject();
              g.writeStringField("type", m.type());
              g.writeStringField("unit", m.unit());
              g.writeStringField("help", m.help());
              g.writeEndObject();
            }
            g.writeEndArray();
          }
          g.writeEndObject();
        },
        result.warnings(),
        List.of());
  }
}
