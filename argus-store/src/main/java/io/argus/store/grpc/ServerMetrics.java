package io.argus.store.grpc;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The StoreAPI server's own metrics. Thread-safe. */
final class ServerMetrics {
  final Counter handled;
  final Histogram handlingSeconds;
  final Counter seriesSent;
  final Counter framesSent;
  final Gauge streamsInFlight;

  ServerMetrics(PrometheusRegistry registry) {
    handled =
        Counter.builder()
            .name("argus_store_grpc_server_handled_total")
            .help(
                "StoreAPI and Info calls completed by the gRPC server, by method and status code.")
            .labelNames("grpc_method", "grpc_code")
            .register(registry);
    handlingSeconds =
        Histogram.builder()
            .name("argus_store_grpc_server_handling_seconds")
            .help("Time from receiving a StoreAPI or Info call to its last message, by method.")
            .classicUpperBounds(.001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120)
            .classicOnly()
            .labelNames("grpc_method")
            .register(registry);
    seriesSent =
        Counter.builder()
            .name("argus_store_grpc_server_series_sent_total")
            .help("Series (or parts of series split over frames) sent in Series responses.")
            .register(registry);
    framesSent =
        Counter.builder()
            .name("argus_store_grpc_server_frames_sent_total")
            .help("Series response frames sent (series, batch and warning frames).")
            .register(registry);
    streamsInFlight =
        Gauge.builder()
            .name("argus_store_grpc_server_series_streams_in_flight")
            .help("Series calls being answered right now.")
            .register(registry);
  }

  void done(String method, String code, long nanos) {
    handled.labelValues(method, code).inc();
    handlingSeconds.labelValues(method).observe(nanos / 1e9);
  }
}
