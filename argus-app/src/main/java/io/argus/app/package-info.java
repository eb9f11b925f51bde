/**
 * The {@code argus} program: its entry point, build information and the handling of termination
 * signals. Subpackages hold the command line, logging, the server shell, its web endpoints and
 * {@code argus up}.
 */
@NullMarked
package io.argus.app;

import org.jspecify.annotations.NullMarked;
