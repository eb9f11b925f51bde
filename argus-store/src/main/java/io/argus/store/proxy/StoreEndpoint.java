package io.argus.store.proxy;

import io.argus.store.SeriesStore;
import io.argus.store.StoreInfo;
import org.jspecify.annotations.Nullable;

/**
 * The proxy's view of one endpoint at one moment: its store, what its last successful {@code Info}
 * call returned, and whether it may be queried. Immutable.
 *
 * @param address the endpoint as named in warnings and the UI, e.g. {@code 127.0.0.1:10901}
 * @param store the store to call
 * @param info what the last successful {@code Info} call returned, or null when none succeeded
 * @param healthy whether the last {@code Info} call succeeded
 * @param strict whether the endpoint is queried even when unhealthy ({@code --endpoint-strict})
 * @param lastError the error of the last failed {@code Info} call, or null after a success
 * @param lastCheck when the last {@code Info} call ended (Unix ms), or 0 before the first
 */
public record StoreEndpoint(
    String address,
    SeriesStore store,
    @Nullable StoreInfo info,
    boolean healthy,
    boolean strict,
    @Nullable String lastError,
    long lastCheck) {
  /** A healthy endpoint with a known {@code info}, as in tests and for in-process stores. */
  public static StoreEndpoint healthy(SeriesStore store, StoreInfo info) {
    return new StoreEndpoint(store.name(), store, info, true, false, null, 0);
  }

  /** Whether the fan-out calls this endpoint (healthy, or strict). */
  public boolean queryable() {
    return healthy || strict;
  }
}
