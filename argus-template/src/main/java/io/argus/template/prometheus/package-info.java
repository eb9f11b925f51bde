/**
 * Prometheus' template functions ({@code humanize}, {@code query}, {@code label}, ...) and the
 * alert-template data ({@code $labels}, {@code $value}, {@code $externalLabels}, {@code
 * $externalURL}) on top of the Go template engine, as Prometheus' rule manager expands alert labels
 * and annotations.
 */
@NullMarked
package io.argus.template.prometheus;

import org.jspecify.annotations.NullMarked;
