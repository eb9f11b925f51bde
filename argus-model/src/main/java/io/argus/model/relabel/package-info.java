/**
 * Relabeling as Prometheus does it: rules ({@link io.argus.model.relabel.RelabelConfig}) that
 * rewrite, filter or drop label sets of targets, scraped series and alerts, applied in order by
 * {@link io.argus.model.relabel.Relabeler}.
 */
@NullMarked
package io.argus.model.relabel;

import org.jspecify.annotations.NullMarked;
