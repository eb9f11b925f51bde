/**
 * The one bridge between Jetty 12 and the server-independent {@link io.argus.web.WebHandler}s:
 * request parsing (query string, form bodies with a size cap, headers) and response writing with
 * gzip when the client accepts it.
 */
@NullMarked
package io.argus.web.jetty;

import org.jspecify.annotations.NullMarked;
