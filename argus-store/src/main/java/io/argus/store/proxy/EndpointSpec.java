package io.argus.store.proxy;

/**
 * One endpoint as configured.
 *
 * @param address {@code host:port}, {@code dns+host:port} (every A/AAAA record), {@code
 *     dnssrv+_service._tcp.name} (every SRV target) for a StoreAPI endpoint, or the base URL of a
 *     plain Prometheus read through remote read
 * @param kind what speaks at the address
 * @param strict whether the endpoint is queried even while its checks fail ({@code
 *     --endpoint-strict}), and never removed
 */
public record EndpointSpec(String address, Kind kind, boolean strict) {
  /** What speaks at an endpoint. */
  public enum Kind {
    /** The StoreAPI over gRPC (Argus or Thanos). */
    STORE_API,
    /** A plain Prometheus, read through remote read. */
    PROMETHEUS
  }
}
