/**
 * Lexer and parser of Go's {@code text/template} syntax: turns template text into parse trees
 * ({@link io.argus.template.parse.Node}) with Go's exact tokenisation, trim markers, comments and
 * error messages ({@code template: <name>:<line>: unexpected ...}).
 */
@NullMarked
package io.argus.template.parse;

import org.jspecify.annotations.NullMarked;
