/**
 * The Prometheus HTTP API v1 ({@code /api/v1/...}) and {@code /federate}: parameter parsing with
 * upstream's rules and messages, the JSON envelope and encodings, error types and their HTTP codes,
 * and the cap on concurrent queries. Handlers implement {@link io.argus.web.WebHandler}.
 */
@NullMarked
package io.argus.web.api;

import org.jspecify.annotations.NullMarked;
