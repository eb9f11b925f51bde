/**
 * The {@code argus server} shell: start-up and shutdown order, the storage seam
 * ({@link io.argus.app.server.ServerStorage}) through which the TSDB will be plugged in, and the
 * server's own metrics.
 */
@NullMarked
package io.argus.app.server;

import org.jspecify.annotations.NullMarked;
