/**
 * The PromQL front end: a hand-written lexer and recursive-descent parser for the Prometheus 3.x
 * grammar, the immutable AST ({@link io.argus.promql.parser.Expr} and its records), type
 * checking with upstream's error wording, and the canonical printer behind {@code format_query}.
 * Entry point: {@link io.argus.promql.parser.PromqlParser}.
 */
@NullMarked
package io.argus.promql.parser;

import org.jspecify.annotations.NullMarked;
