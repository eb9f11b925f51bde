/**
 * {@code argus tsdb …}: the command-line front of the offline TSDB tools (list, analyze, dump,
 * create-blocks-from openmetrics). Flags follow promtool's; the work is done by {@code
 * io.argus.tsdb.tool}.
 */
@NullMarked
package io.argus.app.tsdb;

import org.jspecify.annotations.NullMarked;
