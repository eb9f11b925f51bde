/**
 * The {@code argus} command line (picocli): the root command with its logging flags, how
 * subcommands are registered, exit codes, and the parsers for Prometheus-style flag values
 * (durations, byte sizes, listen addresses).
 */
@NullMarked
package io.argus.app.cli;

import org.jspecify.annotations.NullMarked;
