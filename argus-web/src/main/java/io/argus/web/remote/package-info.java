/**
 * Serves remote write ({@code POST /api/v1/write}) and remote read ({@code POST /api/v1/read}) from
 * Jetty over the server-independent endpoints of argus-remote. These two routes read raw request
 * bodies and stream responses, which the form-based {@code WebHandler} model does not cover.
 */
@NullMarked
package io.argus.web.remote;

import org.jspecify.annotations.NullMarked;
