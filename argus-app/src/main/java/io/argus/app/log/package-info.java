/**
 * Logging backend setup: logback configured in code (no XML) to print one line per event in
 * Prometheus' logfmt ({@code ts=… caller=… level=info msg="…" key=value}) or as JSON, to
 * standard error. Code everywhere else only uses the SLF4J API.
 */
@NullMarked
package io.argus.app.log;

import org.jspecify.annotations.NullMarked;
