/**
 * HTTP clients built from a {@code HttpClientConfig} the way Prometheus' common HTTP client applies
 * it: basic auth, authorization and OAuth 2.0 credentials (files re-read on every request), extra
 * headers, TLS (CA, client certificate, server name, versions; files reloaded when their content
 * changes), proxies and redirects, on top of {@link java.net.http.HttpClient}.
 */
@NullMarked
package io.argus.scrape.httpclient;

import org.jspecify.annotations.NullMarked;
