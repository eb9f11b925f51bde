/**
 * The subset of Go's {@code text/template} that Prometheus alerting rules and Alertmanager
 * notification templates are written in, with Prometheus' template functions. Its own module so
 * that the rule manager and the Alertmanager share it.
 */
@NullMarked
package io.argus.template;

import org.jspecify.annotations.NullMarked;
