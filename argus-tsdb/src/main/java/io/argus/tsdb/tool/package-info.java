/**
 * The offline TSDB tools behind {@code argus tsdb list|analyze|dump|create-blocks-from}: plain Java
 * that writes promtool-compatible text to a {@link java.io.PrintWriter}, so the CLI only parses
 * flags and tests compare output with {@code promtool} byte for byte.
 */
@NullMarked
package io.argus.tsdb.tool;

import org.jspecify.annotations.NullMarked;
